package dev.berth.volume.api;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.http.ClientApiVersion;
import dev.berth.volume.domain.VolumeFilters;
import dev.berth.volume.node.NodeUsage;
import dev.berth.volume.service.VolumeService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The volumes part of the Docker Engine API. */
@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {
    @Inject
    VolumeService volumes;
    @Inject
    NodeUsage usage;

    @GET
    public Uni<VolumeList> list(@QueryParam("filters") String filters) {
        VolumeFilters parsed = VolumeFilters.parse(filters, VolumeFilters.LIST_KEYS);
        return volumes.list(parsed)
                .map(listed -> new VolumeList(listed.volumes().stream().map(VolumeView::of).toList(), List.of()));
    }

    @POST
    @Path("create")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(VolumeCreateBody body) {
        VolumeCreateBody b = body == null ? new VolumeCreateBody(null, null, null, null) : body;
        return Retries.onDuplicate(() -> volumes.create(
                        new VolumeService.CreateRequest(b.name(), b.driver(), b.driverOpts(), b.labels())))
                .map(v -> Response.status(201).entity(VolumeView.of(v)).build());
    }

    @GET
    @Path("{name}")
    public Uni<VolumeView> inspect(@PathParam("name") String name) {
        return volumes.inspect(name).map(VolumeView::of);
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> remove(@PathParam("name") String name, @QueryParam("force") String force) {
        return volumes.remove(name, truthy(force)).map(x -> Response.noContent().build());
    }

    /**
     * moby registers this route from API 1.42 on ({@code WithMinimumAPIVersion}); it updates cluster volumes only,
     * which need a swarm, and swarm mode is off in berth.
     */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    public Response update(@PathParam("name") String name, @HeaderParam(ClientApiVersion.HEADER) String apiVersion) {
        if (ClientApiVersion.lessThan(apiVersion, "1.42")) {
            throw BerthException.invalid("PUT /volumes/{name:.*} requires minimum API version 1.42");
        }
        throw new BerthException(ErrorKind.UNAVAILABLE,
                "volume update only valid for cluster volumes, but swarm is unavailable");
    }

    @POST
    @Path("prune")
    @Consumes(MediaType.WILDCARD)
    public Uni<PruneReport> prune(@QueryParam("filters") String filters,
            @HeaderParam(ClientApiVersion.HEADER) String apiVersion) {
        VolumeFilters given = VolumeFilters.parse(filters, VolumeFilters.PRUNE_KEYS);
        // API 1.42 made prune take anonymous volumes only; older clients still prune every unused one (moby adds
        // all=true to their filters)
        VolumeFilters parsed = ClientApiVersion.lessThan(apiVersion, "1.42") ? given.with("all", "true") : given;
        return usage.sizes().chain(sizes -> volumes.prune(parsed).map(removed -> new PruneReport(
                removed.stream().map(VolumeService.Removed::name).toList(),
                removed.stream().mapToLong(r -> sizes == null ? 0L : Math.max(0, sizes.getOrDefault(r.name(), 0L)))
                        .sum())));
    }

    static boolean truthy(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }
}
