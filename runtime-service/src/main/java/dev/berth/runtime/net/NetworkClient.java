package dev.berth.runtime.net;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.contract.EndpointRequest;
import dev.berth.common.contract.ContainerNetwork;
import dev.berth.common.contract.NetworkEndpoint;
import dev.berth.common.contract.NetworkGrant;
import dev.berth.common.errors.BerthException;
import dev.berth.common.http.ServiceCalls;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** network-service over HTTP (blocking: worker threads only). */
public final class NetworkClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    public NetworkClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A network's settings (no endpoint); 404 if there is none. */
    public NetworkGrant network(String ref) {
        return read(send(ServiceCalls.request(uri("/internal/networks/" + encode(ref))).GET()));
    }

    /** An address for the container on the network (the same one when asked again). */
    public NetworkGrant allocate(String ref, EndpointRequest request) {
        try {
            return read(send(ServiceCalls.request(uri("/internal/networks/" + encode(ref) + "/endpoints"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NetworkGrant read(String body) {
        try {
            return JSON.readValue(body, NetworkGrant.class);
        } catch (java.io.IOException e) {
            throw BerthException.internal("network-service sent unreadable JSON", e);
        }
    }

    /** The networks a container has an address on, with its aliases there. */
    public List<ContainerNetwork> networksOf(String containerId) {
        try {
            return JSON.readValue(send(ServiceCalls.request(uri("/internal/endpoints/" + encode(containerId)))
                    .GET()), new TypeReference<List<ContainerNetwork>>() { });
        } catch (java.io.IOException e) {
            throw BerthException.internal("network-service sent unreadable JSON", e);
        }
    }

    /** The network's containers with the nodes they run on. */
    public List<NetworkEndpoint> endpoints(String ref) {
        try {
            return JSON.readValue(send(ServiceCalls.request(uri("/internal/networks/" + encode(ref) + "/endpoints"))
                    .GET()), new TypeReference<List<NetworkEndpoint>>() { });
        } catch (java.io.IOException e) {
            throw BerthException.internal("network-service sent unreadable JSON", e);
        }
    }

    public void release(String ref, String containerId) {
        send(ServiceCalls.request(uri("/internal/networks/" + encode(ref) + "/endpoints/" + containerId)).DELETE());
    }

    private String send(HttpRequest.Builder builder) {
        HttpResponse<String> r = ServiceCalls.send(http, builder.timeout(Duration.ofSeconds(30)).build(),
                "network-service at " + base);
        if (r.statusCode() / 100 != 2) {
            throw ServiceCalls.answered(r, r.body());
        }
        return r.body();
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
