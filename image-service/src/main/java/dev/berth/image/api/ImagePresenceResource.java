package dev.berth.image.api;

import dev.berth.image.catalog.ImageCatalog;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /internal/images/{name}} (build-service, never routed by the gateway): 204 when the name resolves as
 * inspect resolves it, 404 {@code No such image} when not. One lookup, where inspect also reads the tags, layers and
 * digests: a build asks this of every cache hit.
 */
@Path("/internal/images")
public class ImagePresenceResource {
    private final ImageCatalog catalog;

    public ImagePresenceResource(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("{name: .+}")
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> present(@PathParam("name") String name) {
        return catalog.resolve(name).map(found -> Response.noContent().build());
    }
}
