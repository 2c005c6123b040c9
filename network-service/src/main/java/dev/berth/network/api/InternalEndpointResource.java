package dev.berth.network.api;

import dev.berth.common.contract.ContainerNetwork;
import dev.berth.network.service.NetworkService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** What runtime-service asks of one container's endpoints: the networks it is on (a reschedule joins them again). */
@Path("/internal/endpoints")
@Produces(MediaType.APPLICATION_JSON)
public class InternalEndpointResource {

    @Inject
    NetworkService networks;

    /** The container's networks with its aliases on each, in the order it joined them; empty when it has none. */
    @GET
    @Path("{container}")
    public Uni<List<ContainerNetwork>> networksOf(@PathParam("container") String container) {
        return networks.networksOf(container);
    }
}
