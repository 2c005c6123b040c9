package dev.berth.runtime.api;

import dev.berth.runtime.service.ContainerService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /internal/info}: this node's part of Docker's /info (docs/design.md). */
@Path("/internal/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {
    @Inject
    ContainerService service;

    @GET
    public Uni<Map<String, Object>> info() {
        return service.info();
    }
}
