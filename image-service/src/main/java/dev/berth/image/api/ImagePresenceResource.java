package dev.berth.image.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.contract.PresentImage;
import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.config.ImageConfig;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /internal/images/{name}} (build-service, never routed by the gateway): the image the name resolves to
 * as inspect resolves it, with inspect's {@code Config}, or 404 {@code No such image}. One lookup, where inspect also
 * reads the tags, layers and digests.
 */
@Path("/internal/images")
public class ImagePresenceResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ImageCatalog catalog;

    public ImagePresenceResource(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("{name: .+}")
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<PresentImage> present(@PathParam("name") String name) {
        return catalog.resolve(name).map(found -> new PresentImage(found.image().id, JSON.valueToTree(
                ImageViews.containerConfig(ImageConfig.parse(found.image().config)))));
    }
}
