package dev.berth.runtime.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.http.ServiceCalls;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** network-service over HTTP (blocking: worker threads only). */
public final class NetworkClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    public NetworkClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A network's settings (Subnet, Gateway, Bridge, Internal, ...); 404 if there is none. */
    public JsonNode network(String ref) {
        return send(ServiceCalls.request(uri("/internal/networks/" + encode(ref))).GET());
    }

    /** An address for the container on the network (the same one when asked again). */
    public JsonNode allocate(String ref, String containerId, String containerName, List<String> aliases, String ip,
            String ip6, String mac) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ContainerID", containerId);
        body.put("ContainerName", containerName);
        body.put("Aliases", aliases == null ? List.of() : aliases);
        body.put("IPv4Address", ip);
        body.put("IPv6Address", ip6);
        body.put("MacAddress", mac);
        try {
            return send(ServiceCalls.request(uri("/internal/networks/" + encode(ref) + "/endpoints"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void release(String ref, String containerId) {
        send(ServiceCalls.request(uri("/internal/networks/" + encode(ref) + "/endpoints/" + containerId)).DELETE());
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpResponse<String> r = ServiceCalls.send(http, builder.timeout(Duration.ofSeconds(30)).build(),
                "network-service at " + base);
        if (r.statusCode() / 100 != 2) {
            throw ServiceCalls.answered(r, r.body());
        }
        try {
            return r.body() == null || r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw BerthException.internal("network-service sent unreadable JSON", e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
