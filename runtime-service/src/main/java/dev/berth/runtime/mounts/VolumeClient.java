package dev.berth.runtime.mounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.contract.ResolvedVolume;
import dev.berth.common.contract.VolumeResolveRequest;
import dev.berth.common.errors.BerthException;
import dev.berth.common.http.ServiceCalls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** volume-service over HTTP (blocking: worker threads only). The user waits on these: no events here. */
public final class VolumeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    public VolumeClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The named volume (created when missing) or a new anonymous one (name empty), reserved for the container. */
    public ResolvedVolume resolve(VolumeResolveRequest request) {
        try {
            String body = send(ServiceCalls.request(URI.create(base + "/internal/volumes/resolve"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))));
            return JSON.readValue(body, ResolvedVolume.class);
        } catch (IOException e) {
            throw BerthException.internal("volume-service sent unreadable JSON", e);
        }
    }

    /** The container is gone (removed, or not created after all); with removeAnonymous its anonymous volumes too. */
    public void release(String containerId, boolean removeAnonymous) {
        send(ServiceCalls.request(URI.create(base + "/internal/volumes/release?container="
                        + URLEncoder.encode(containerId, StandardCharsets.UTF_8) + "&removeAnonymous=" + removeAnonymous))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String send(HttpRequest.Builder builder) {
        HttpResponse<String> response = ServiceCalls.send(http, builder.timeout(Duration.ofSeconds(30)).build(),
                "volume-service at " + base);
        if (response.statusCode() / 100 != 2) {
            throw ServiceCalls.answered(response, "volume-service answered " + response.statusCode());
        }
        return response.body();
    }
}
