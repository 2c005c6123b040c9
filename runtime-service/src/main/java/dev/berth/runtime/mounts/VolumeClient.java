package dev.berth.runtime.mounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.http.ServiceCalls;
import dev.berth.common.json.JsonMaps;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** volume-service over HTTP (blocking: worker threads only). The user waits on these: no events here. */
public final class VolumeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    public record Resolved(String name, String volumeId, String driver, String mountpoint, Map<String, String> options,
            boolean anonymous) {
    }

    public VolumeClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The named volume (created when missing) or a new anonymous one (name empty), reserved for the container. */
    public Resolved resolve(String name, String containerId, String driver, Map<String, String> driverOpts,
            Map<String, String> labels) {
        ObjectNode body = JSON.createObjectNode();
        body.put("Name", name == null ? "" : name);
        body.put("Container", containerId);
        body.put("Driver", driver == null ? "" : driver);
        body.set("DriverOpts", JSON.valueToTree(driverOpts == null ? Map.of() : driverOpts));
        body.set("Labels", JSON.valueToTree(labels == null ? Map.of() : labels));
        JsonNode r = send(ServiceCalls.request(URI.create(base + "/internal/volumes/resolve"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        Map<String, String> options = JsonMaps.strings(r.path("Options"));
        return new Resolved(r.path("Name").asText(), r.path("VolumeId").asText(), r.path("Driver").asText("local"),
                r.path("Mountpoint").asText(), options, r.path("Anonymous").asBoolean(false));
    }

    /** The container is gone (removed, or not created after all); with removeAnonymous its anonymous volumes too. */
    public void release(String containerId, boolean removeAnonymous) {
        send(ServiceCalls.request(URI.create(base + "/internal/volumes/release?container="
                        + URLEncoder.encode(containerId, StandardCharsets.UTF_8) + "&removeAnonymous=" + removeAnonymous))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpResponse<String> response = ServiceCalls.send(http, builder.timeout(Duration.ofSeconds(30)).build(),
                "volume-service at " + base);
        if (response.statusCode() / 100 != 2) {
            throw ServiceCalls.answered(response, "volume-service answered " + response.statusCode());
        }
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw BerthException.internal("volume-service sent unreadable JSON", e);
        }
    }
}
