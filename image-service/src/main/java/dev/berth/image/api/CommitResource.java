package dev.berth.image.api;

import dev.berth.common.contract.CreatedImage;
import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.catalog.StagedImage;
import dev.berth.image.commit.CommitRequest;
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
import java.util.List;

/** For runtime-service's {@code docker commit}, never routed by the gateway (contract in the module README). */
@Path("/internal/commit")
public class CommitResource {
    private final ImageCatalog catalog;
    private final ImageCommitter committer;
    private final BlobStore store;
    private final OnEventLoop eventLoop;
    private final ParentImages parents;

    public CommitResource(ImageCatalog catalog, ImageCommitter committer, BlobStore store, OnEventLoop eventLoop,
            ParentImages parents) {
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
    public Uni<Response> commit(@QueryParam("parent") String parent, @QueryParam("container") String container,
            @QueryParam("repo") String repo, @QueryParam("tag") String tag, @QueryParam("comment") String comment,
            @QueryParam("author") String author, @QueryParam("changes") List<String> changes,
            @HeaderParam("X-Berth-Container-Config") String config, InputStream body) throws IOException {
        CommitRequest request = CommitRequest.of(parent, container, repo, tag, comment, author, changes, config);
        ParentImages.Parent base = parents.load(request.parent());
        StagedImage staged = committer.commit(body, request, base.config(), base.layers());
        return eventLoop.run(() -> Panache.withTransaction(() -> catalog.record(staged, null)
                        .call(() -> catalog.recordParent(staged.id(), base.config().id()))))
                .eventually(() -> store.unpin(staged.blobs()))
                .map(notes -> Response.status(Response.Status.CREATED)
                        .entity(new CreatedImage(staged.id())).type(MediaType.APPLICATION_JSON_TYPE).build());
    }
}
