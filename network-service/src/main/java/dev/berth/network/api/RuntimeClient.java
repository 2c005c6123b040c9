package dev.berth.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.contract.NetworkAttachRequest;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.http.ServiceCalls;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** runtime-service over HTTP: connecting a container to a network is node work (the user waits on it). */
@ApplicationScoped
public class RuntimeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    @ConfigProperty(name = "berth.runtime-url")
    String base;

    public Uni<Void> connect(String container, String networkId, JsonNode endpointConfig) {
        return post("/internal/containers/" + encode(container) + "/networks/connect",
                NetworkAttachRequest.connect(networkId, endpointConfig));
    }

    public Uni<Void> disconnect(String container, String networkId, boolean force) {
        return post("/internal/containers/" + encode(container) + "/networks/disconnect",
                NetworkAttachRequest.disconnect(networkId, force));
    }

    private Uni<Void> post(String path, NetworkAttachRequest body) {
        HttpRequest request;
        try {
            request = ServiceCalls.request(URI.create(base.replaceAll("/$", "") + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        io.vertx.core.Context ctx = io.vertx.core.Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .emitOn(r -> {
                    if (ctx == null) {
                        r.run();
                    } else {
                        ctx.runOnContext(x -> r.run());
                    }
                })
                .onFailure(f -> !(f instanceof BerthException)).transform(f -> new BerthException(ErrorKind.UNAVAILABLE,
                        "runtime-service is not reachable: " + f.getMessage(), f))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw ServiceCalls.answered(response, response.body());
                    }
                    return null;
                });
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
