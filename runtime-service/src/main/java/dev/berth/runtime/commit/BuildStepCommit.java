package dev.berth.runtime.commit;

import dev.berth.common.contract.BuildStepHeaders;
import dev.berth.common.errors.BerthException;
import dev.berth.common.http.ServiceCalls;
import dev.berth.runtime.node.CommittedLayers;
import dev.berth.runtime.rootfs.ContainerArchive;
import dev.berth.runtime.store.ContainerLookup;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A build step's commit: the step container's changes as a layer, sent from here straight to image-service's
 * {@code POST /internal/build-step} with the step's config and history line as build-service gave them
 * ({@link BuildStepHeaders}), so the layer's bytes do not pass through build-service; a copy stays unpacked on this
 * node for the next step's container ({@link CommittedLayers}). Answers the new image's id.
 */
@ApplicationScoped
public class BuildStepCommit {
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerTx db;
    @Inject
    ContainerArchive archive;
    @Inject
    CommittedLayers committed;
    @ConfigProperty(name = "berth.image-url")
    String imageUrl;

    /**
     * {@code parent}: the step's parent image id; {@code config} and {@code createdBy}: the encoded headers;
     * {@code mkdir}: a {@code WORKDIR} to make first ({@link ContainerArchive#mkdirs}), or null.
     */
    public record Request(String container, String parent, String config, String createdBy, String mkdir) {
    }

    public Uni<String> commit(Request r) {
        if (r.config() == null || r.config().isEmpty()) {
            return Uni.createFrom().failure(BerthException.invalid(BuildStepHeaders.CONFIG + " is required"));
        }
        return lookup.find(r.container()).chain(c -> db.blocking(() -> {
            ContainerArchive.Target target = new ContainerArchive.Target(c.id, r.container(),
                    CommitService.strings(c.layers), "", false);
            if (r.mkdir() != null && !r.mkdir().isEmpty()) {
                archive.mkdirs(target, r.mkdir());
            }
            try (CommittedLayers.Capture copy = committed.capture()) {
                String id = send(r, out -> archive.commitLayer(target, false, copy.tee(out)));
                copy.keep();
                return id;
            }
        }));
    }

    /** The layer goes out as it is written (chunked), to image-service and into the copy at once. */
    private String send(Request r, ServiceCalls.BodyWriter layer) {
        String base = imageUrl.endsWith("/") ? imageUrl.substring(0, imageUrl.length() - 1) : imageUrl;
        String query = r.parent() == null || r.parent().isEmpty() ? ""
                : "?parent=" + URLEncoder.encode(r.parent(), StandardCharsets.UTF_8);
        HttpRequest.Builder request = ServiceCalls.request(URI.create(base + "/internal/build-step" + query))
                .timeout(Duration.ofHours(1))
                .header("Content-Type", "application/x-tar")
                .header(BuildStepHeaders.CONFIG, r.config());
        if (r.createdBy() != null && !r.createdBy().isEmpty()) {
            request.header(BuildStepHeaders.CREATED_BY, r.createdBy());
        }
        HttpResponse<String> answer = ServiceCalls.sendStreamed(http, request.POST(
                HttpRequest.BodyPublishers.noBody()).build(), layer, "image-service at " + base);
        if (answer.statusCode() / 100 != 2) {
            throw ServiceCalls.answered(answer, "image-service answered " + answer.statusCode() + " to the build step");
        }
        String id = ImageCommitClient.created(answer.body());
        if (id.isEmpty()) {
            throw BerthException.internal("image-service answered the build step without an Id", null);
        }
        return id;
    }
}
