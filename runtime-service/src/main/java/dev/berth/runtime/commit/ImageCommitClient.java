package dev.berth.runtime.commit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.contract.CreatedImage;
import dev.berth.common.errors.BerthException;
import dev.berth.common.http.ServiceCalls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** image-service's {@code POST /internal/commit} (contract in image-service/README.md). Blocking. */
public final class ImageCommitClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    public ImageCommitClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** @return the new image id ("sha256:...") */
    public String commit(Map<String, String> query, List<String> changes, JsonNode containerConfig, Path layerTar) {
        StringBuilder uri = new StringBuilder(base).append("/internal/commit?");
        query.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                uri.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        for (String c : changes) {
            uri.append("changes=").append(URLEncoder.encode(c, StandardCharsets.UTF_8)).append('&');
        }
        HttpRequest request;
        try {
            String config = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(JSON.writeValueAsBytes(containerConfig));
            request = ServiceCalls.request(URI.create(uri.substring(0, uri.length() - 1)))
                    .timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "application/x-tar")
                    .header("X-Berth-Container-Config", config)
                    .POST(HttpRequest.BodyPublishers.ofFile(layerTar)).build();
        } catch (IOException e) {
            throw BerthException.internal("cannot send the commit's layer " + layerTar + ": " + e.getMessage(), e);
        }
        HttpResponse<String> response = ServiceCalls.send(http, request, "image-service at " + base);
        if (response.statusCode() == 201 || response.statusCode() == 200) {
            String id = created(response.body());
            if (id.isEmpty()) {
                throw BerthException.internal("image-service answered the commit without an Id", null);
            }
            return id;
        }
        throw ServiceCalls.answered(response, "image-service answered " + response.statusCode() + " to the commit");
    }

    /** The new image's id from image-service's {@link CreatedImage}; "" when the answer does not carry one. */
    static String created(String body) {
        try {
            CreatedImage created = JSON.readerFor(CreatedImage.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
            return created == null || created.id() == null ? "" : created.id();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
