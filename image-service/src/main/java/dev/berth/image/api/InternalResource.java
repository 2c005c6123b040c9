package dev.berth.image.api;

import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.Digests;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;

/** For runtime nodes, never routed by the gateway: an image's layers and the blobs themselves. */
@Path("/internal")
public class InternalResource {
    private final ImageCatalog catalog;
    private final BlobStore store;

    public InternalResource(ImageCatalog catalog, BlobStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    @GET
    @Path("images/{name: .+}/layers")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<LayersView> layers(@PathParam("name") String name) {
        return catalog.resolve(name).chain(found -> catalog.layersOf(found.image().id)
                .map(layers -> new LayersView(found.image().id, layers.stream()
                        .map(l -> new LayersView.Layer(l.diffId, l.blobDigest, l.blobSize, l.mediaType))
                        .toList())));
    }

    @GET
    @Path("blobs/{digest}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @Blocking
    public Response blob(@PathParam("digest") String digest) throws IOException {
        java.nio.file.Path path = store.pathOf(Digests.requireValid(digest));
        if (!Files.isRegularFile(path)) {
            throw BlobStore.blobUnknown(digest);
        }
        return Response.ok(path.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Docker-Content-Digest", digest)
                .build();
    }
}
