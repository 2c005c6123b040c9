package dev.berth.build.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.contract.BuildStepHeaders;
import dev.berth.common.contract.CreatedImage;
import dev.berth.common.contract.DiskUsagePart;
import dev.berth.common.contract.PresentImage;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.http.ServiceCalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** image-service as a build sees it: look images up, pull base images, store each step's image, tag the result. */
public class ImageStore {
    private final ServiceHttp http;

    public ImageStore(String baseUrl) {
        this.http = new ServiceHttp(baseUrl, "image-service");
    }

    /** An image's id and Docker config ({@code Config} of image inspect). */
    public record Found(String id, JsonNode config) {
    }

    /** The image a reference names (one lookup in image-service), or null when this machine does not have it. */
    public Found inspect(String reference) {
        var response = http.exchange(http.request("/internal/images/" + reference, Map.of()).GET().build());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() / 100 != 2) {
            throw ServiceCalls.answered(response, "image-service answered " + response.statusCode());
        }
        try {
            PresentImage image = ServiceHttp.JSON.readValue(response.body(), PresentImage.class);
            return new Found(image.id(), image.config());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("image-service's answer is not its contract: " + e.getMessage(), e);
        }
    }

    /** Whether this machine has the image. */
    public boolean exists(String imageId) {
        return inspect(imageId) != null;
    }

    /**
     * Pulls an image, handing each progress message to {@code progress}; a pull that ends in an error message
     * throws it (not found, unauthorized).
     */
    public void pull(String image, String tag, String registryAuth, Consumer<JsonNode> progress) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("fromImage", image);
        query.put("tag", tag);
        HttpRequest.Builder request = http.request("/images/create", query).timeout(Duration.ofHours(1))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (registryAuth != null && !registryAuth.isEmpty()) {
            request.header("X-Registry-Auth", registryAuth);
        }
        try (InputStream body = http.stream(request.build());
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode message = ServiceHttp.JSON.readTree(line);
                if (message.hasNonNull("error")) {
                    throw new BerthException(ErrorKind.NOT_FOUND, message.get("error").asText());
                }
                progress.accept(message);
            }
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "pull of " + image + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * Stores one step's image: {@code layer} over {@code parent} (null: scratch; a null or empty layer: metadata
     * only) with this config and history line. Returns the image id.
     */
    public String buildStep(String parent, ObjectNode config, String createdBy, InputStream layer) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("parent", parent);
        try {
            HttpRequest request = http.request("/internal/build-step", query)
                    .header("Content-Type", "application/x-tar")
                    .header(BuildStepHeaders.CONFIG,
                            BuildStepHeaders.encode(ServiceHttp.JSON.writeValueAsBytes(config)))
                    .header(BuildStepHeaders.CREATED_BY, BuildStepHeaders.encode(createdBy))
                    .timeout(Duration.ofHours(1))
                    .POST(layer == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofInputStream(() -> layer))
                    .build();
            return ServiceHttp.JSON.treeToValue(http.json(request), CreatedImage.class).id();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void tag(String imageId, String repo, String tag) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("repo", repo);
        query.put("tag", tag);
        http.json(http.request("/images/" + imageId + "/tag", query).POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** Tags the image with every {@code name:tag} of the build. */
    public void tagAll(String imageId, List<String> tags) {
        for (String tag : tags) {
            int colon = tag.lastIndexOf(':');
            tag(imageId, tag.substring(0, colon), tag.substring(colon + 1));
        }
    }

    /** The id of an image's parent ("" for one without), or null when this machine does not have the image. */
    public String parent(String imageId) {
        try {
            return http.json(http.request("/images/" + imageId + "/json", Map.of()).GET().build()).path("Parent")
                    .asText("");
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** Every image with its parent, size, tags and containers ({@code Images} of image-service's disk usage). */
    public List<JsonNode> images() {
        try {
            return DiskUsagePart.orEmpty(ServiceHttp.JSON.treeToValue(
                    http.json(http.request("/internal/df", Map.of()).GET().build()), DiskUsagePart.class).images());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("image-service's disk usage is not its contract: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes one untagged image without touching its parents; false when it is gone already or image-service
     * refuses (a container uses it, it got a tag meanwhile).
     */
    public boolean delete(String imageId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("noprune", "1");
        int status = http.exchange(http.request("/images/" + imageId, query).DELETE().build()).statusCode();
        return status / 100 == 2;
    }
}
