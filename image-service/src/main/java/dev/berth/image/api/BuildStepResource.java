package dev.berth.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.contract.BuildStepHeaders;
import dev.berth.common.contract.CreatedImage;
import dev.berth.common.errors.BerthException;
import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.catalog.StagedImage;
import dev.berth.image.commit.ImageCommitter;
import dev.berth.image.store.BlobStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * For build-service: {@code POST /internal/build-step?parent=<image id>} (no parent: {@code FROM scratch}) with the
 * step's layer tar as the body (empty body or empty tar: a metadata step), the image config to record in
 * {@code X-Berth-Image-Config} and the history line in {@code X-Berth-Created-By} ({@link BuildStepHeaders}). Answers
 * 201 {@code {"Id": "sha256:..."}}. Called by runtime-service with a step container's layer, and by build-service
 * for steps without a container. Never routed by the gateway.
 */
@Path("/internal/build-step")
public class BuildStepResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ImageCatalog catalog;
    private final ImageCommitter committer;
    private final BlobStore store;
    private final OnEventLoop eventLoop;
    private final ParentImages parents;

    public BuildStepResource(ImageCatalog catalog, ImageCommitter committer, BlobStore store,
            OnEventLoop eventLoop, ParentImages parents) {
        this.catalog = catalog;
        this.committer = committer;
        this.store = store;
        this.eventLoop = eventLoop;
        this.parents = parents;
    }


    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> step(@QueryParam("parent") String parent,
            @HeaderParam(BuildStepHeaders.CONFIG) String configHeader,
            @HeaderParam(BuildStepHeaders.CREATED_BY) String createdByHeader, InputStream body) throws IOException {
        ObjectNode config = decodeConfig(configHeader);
        String createdBy = createdByHeader == null ? "" : new String(decode(createdByHeader, BuildStepHeaders.CREATED_BY),
                StandardCharsets.UTF_8);
        ParentImages.Parent base = parent == null || parent.isEmpty() ? new ParentImages.Parent(null, List.of())
                : parents.load(parent);
        StagedImage staged = committer.buildStep(body, base.config(), base.layers(), config, createdBy);
        return eventLoop.run(() -> Panache.withTransaction(() -> catalog.record(staged, null)
                        .call(() -> base.config() == null ? Uni.createFrom().voidItem()
                                : catalog.recordParent(staged.id(), base.config().id()))))
                .eventually(() -> store.unpin(staged.blobs()))
                .map(notes -> Response.status(Response.Status.CREATED)
                        .entity(new CreatedImage(staged.id())).type(MediaType.APPLICATION_JSON_TYPE).build());
    }

    private static ObjectNode decodeConfig(String header) {
        if (header == null || header.isEmpty()) {
            throw BerthException.invalid(BuildStepHeaders.CONFIG + " is required");
        }
        try {
            JsonNode node = JSON.readTree(decode(header, BuildStepHeaders.CONFIG));
            if (node == null || !node.isObject()) {
                throw BerthException.invalid(BuildStepHeaders.CONFIG + " is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw BerthException.invalid(BuildStepHeaders.CONFIG + " is not JSON: " + e.getMessage());
        }
    }

    private static byte[] decode(String header, String name) {
        try {
            return BuildStepHeaders.decode(header.strip());
        } catch (IllegalArgumentException e) {
            throw BerthException.invalid(name + " is not base64url: " + e.getMessage());
        }
    }
}
