package dev.berth.build.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.contract.BuildStepHeaders;
import dev.berth.common.contract.CreatedImage;
import dev.berth.common.http.ServiceCalls;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime node a build's step containers run on, through runtime-service's own API: the same create, attach,
 * start, wait and archive calls as {@code docker run} and {@code docker cp}, so a step gets the same isolation,
 * plus the internal calls that turn a step container's changes into an OCI layer and commit a step's image.
 */
public class RuntimeNode {
    private final ServiceHttp http;

    public RuntimeNode(String baseUrl) {
        this.http = new ServiceHttp(baseUrl, "runtime-service");
    }

    /** @return the new container's id */
    public String create(ObjectNode config, String name) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("name", name);
        try {
            // a step's container stays on the node build-service asks (its layer is read there right after)
            HttpRequest request = http.request("/containers/create", query)
                    .header("Content-Type", "application/json")
                    .header(dev.berth.common.http.NodeHeaders.PLACED, "build-service")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ServiceHttp.JSON.writeValueAsBytes(config)))
                    .build();
            return http.json(request).path("Id").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The container's stdout and stderr in Docker's multiplexed frames, until it exits (attach before start). */
    public InputStream attach(String id) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("stream", "1");
        query.put("stdout", "1");
        query.put("stderr", "1");
        return http.stream(http.request("/containers/" + id + "/attach", query)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public void start(String id) {
        http.json(http.request("/containers/" + id + "/start", Map.of()).POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** Waits for the container to stop; its exit code. */
    public int await(String id) {
        JsonNode answer = http.json(http.request("/containers/" + id + "/wait", Map.of())
                .timeout(Duration.ofDays(1)).POST(HttpRequest.BodyPublishers.noBody()).build());
        return answer.path("StatusCode").asInt(-1);
    }

    /** Ids of the containers, running or not, that carry this label ({@code key=value}). */
    public java.util.List<String> labelled(String label) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("all", "1");
        query.put("filters", ServiceHttp.JSON.createObjectNode().set("label",
                ServiceHttp.JSON.createArrayNode().add(label)).toString());
        java.util.List<String> ids = new java.util.ArrayList<>();
        http.json(http.request("/containers/json", query).GET().build())
                .forEach(container -> ids.add(container.path("Id").asText()));
        return ids;
    }

    /** Kills and removes the container with its anonymous volumes; a container already gone is fine. */
    public void remove(String id) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("force", "1");
        query.put("v", "1");
        HttpResponse<String> answer = http.exchange(http.request("/containers/" + id, query).DELETE().build());
        if (answer.statusCode() / 100 != 2 && answer.statusCode() != 404) {
            throw dev.berth.common.http.ServiceCalls.answered(answer, "cannot remove build container " + id);
        }
    }

    /** The container's changes as an OCI layer tar (the caller closes the stream). */
    public InputStream layer(String id) {
        return http.stream(http.request("/internal/containers/" + id + "/layer", Map.of()).GET()
                .timeout(Duration.ofHours(1)).build());
    }

    /**
     * The step's image: the container's changes as its layer over {@code parent}, with the step's config and history
     * line. runtime-service sends the layer to image-service itself (it never passes through here) and keeps a copy
     * for the next step's container. Answers the new image's id.
     */
    public String buildStep(String id, String parent, ObjectNode config, String createdBy) {
        return buildStep(id, parent, config, createdBy, null);
    }

    /**
     * As {@link #buildStep(String, String, ObjectNode, String)}, making the directory {@code mkdir} first as
     * {@code WORKDIR} does (missing parts root-owned 0755; a part that is not a directory fails the step).
     */
    public String buildStep(String id, String parent, ObjectNode config, String createdBy, String mkdir) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("parent", parent);
        if (mkdir != null) {
            query.put("mkdir", mkdir);
        }
        try {
            HttpRequest request = http.request("/internal/containers/" + id + "/build-step", query)
                    .header(BuildStepHeaders.CONFIG,
                            BuildStepHeaders.encode(ServiceHttp.JSON.writeValueAsBytes(config)))
                    .header(BuildStepHeaders.CREATED_BY, BuildStepHeaders.encode(createdBy))
                    .timeout(Duration.ofHours(1)).POST(HttpRequest.BodyPublishers.noBody()).build();
            return ServiceHttp.JSON.treeToValue(http.json(request), CreatedImage.class).id();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Unpacks a tar into the container's filesystem at {@code path} (docker cp's PUT archive); the tar is sent as
     * {@code tar} writes it.
     */
    public void putArchive(String id, String path, ServiceCalls.BodyWriter tar) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("path", path);
        http.streamed(http.request("/containers/" + id + "/archive", query)
                .header("Content-Type", "application/x-tar").timeout(Duration.ofHours(1))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), tar);
    }

    /** Whether {@code path} is a directory in the container (following symlinks as docker cp does); null if absent. */
    public Boolean isDirectory(String id, String path) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("path", path);
        HttpResponse<String> answer = http.exchange(http.request("/containers/" + id + "/archive", query)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        if (answer.statusCode() == 404) {
            return null;
        }
        String stat = answer.headers().firstValue("X-Docker-Container-Path-Stat").orElse(null);
        if (answer.statusCode() / 100 != 2 || stat == null) {
            return null;
        }
        try {
            JsonNode node = ServiceHttp.JSON.readTree(java.util.Base64.getDecoder().decode(stat));
            long mode = node.path("mode").asLong();
            return (mode & (1L << 31)) != 0;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** docker cp's GET: a path of the container's filesystem as a tar (the caller closes it); 404 if absent. */
    public InputStream archive(String id, String path) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("path", path);
        return http.stream(http.request("/containers/" + id + "/archive", query).GET()
                .timeout(Duration.ofHours(1)).build());
    }

    /** A file's content from the container's filesystem, or null when it does not exist. */
    public byte[] readFile(String id, String path) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("path", path);
        HttpRequest request = http.request("/containers/" + id + "/archive", query).GET().build();
        try (InputStream tar = http.stream(request);
                org.apache.commons.compress.archivers.tar.TarArchiveInputStream in =
                        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(tar)) {
            return in.getNextEntry() == null ? null : in.readAllBytes();
        } catch (dev.berth.common.errors.BerthException e) {
            if (e.kind() == dev.berth.common.errors.ErrorKind.NOT_FOUND) {
                return null;
            }
            throw e;
        } catch (java.io.IOException e) {
            throw dev.berth.common.errors.BerthException.internal("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
