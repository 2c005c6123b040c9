package dev.berth.runtime.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.http.ClientApiVersion;
import dev.berth.common.http.ServiceCalls;
import dev.berth.runtime.cluster.NodeDirectory;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A create the scheduler placed on another node: the same request goes to that node's API, marked {@link #PLACED} so
 * that node creates it without placing it again; its answer (the id, or its refusal) is this create's.
 */
@ApplicationScoped
public class CreateOnNode {
    /** On a create one node sends another: the node it was placed on (that node creates it, whatever it would pick). */
    public static final String PLACED = dev.berth.common.http.NodeHeaders.PLACED;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A create pulls nothing, but may unpack an image's layers on that node first. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Inject
    NodeDirectory nodes;
    @Inject
    ContainerTx db;

    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    public Uni<String> create(String node, String requestedName, JsonNode request, String apiVersion) {
        String api = nodes.apiOf(node).orElse(null);
        if (api == null) {
            return Uni.createFrom().failure(new BerthException(ErrorKind.UNAVAILABLE,
                    "node " + node + " was chosen, but its address is not known here (not ready any more?)"));
        }
        HttpRequest call;
        try {
            String query = requestedName == null || requestedName.isEmpty() ? ""
                    : "?name=" + URLEncoder.encode(requestedName, StandardCharsets.UTF_8);
            HttpRequest.Builder builder = ServiceCalls.request(URI.create(api + "/containers/create" + query))
                    .header("Content-Type", "application/json").header(PLACED, node).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)));
            if (apiVersion != null && !apiVersion.isEmpty()) {
                builder.header(ClientApiVersion.HEADER, apiVersion);
            }
            call = builder.build();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Uni.createFrom().failure(BerthException.internal("cannot send the create to " + node, e));
        }
        return db.blocking(() -> {
            HttpResponse<String> answer = ServiceCalls.send(http, call, "node " + node + " at " + api);
            if (answer.statusCode() != 201) {
                throw ServiceCalls.answered(answer, "node " + node + " refused the create");
            }
            return JSON.readTree(answer.body()).path("Id").asText();
        });
    }
}
