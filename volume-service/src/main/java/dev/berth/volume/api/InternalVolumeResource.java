package dev.berth.volume.api;

import dev.berth.common.contract.DiskUsagePart;
import dev.berth.common.contract.ResolvedVolume;
import dev.berth.common.contract.VolumeResolveRequest;
import dev.berth.volume.domain.VolumeFilters;
import dev.berth.volume.node.NodeUsage;
import dev.berth.volume.service.VolumeService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Calls of other services (never routed by the gateway). */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalVolumeResource {
    @Inject
    VolumeService volumes;
    @Inject
    NodeUsage usage;

    /** The named volume (created when missing) or a new anonymous one (empty Name), reserved for Container. */
    @POST
    @Path("volumes/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ResolvedVolume> resolve(VolumeResolveRequest body) {
        return Retries.onDuplicate(() -> volumes.resolve(body.name(), body.container(), body.driverOpts(), body.labels(),
                        body.driver()))
                .map(v -> new ResolvedVolume(v.name, v.volumeId, v.driver, v.mountpoint, VolumeService.options(v), v.anonymous));
    }

    /** The container is gone (removed, or not created after all); removeAnonymous: its anonymous volumes too. */
    @POST
    @Path("volumes/release")
    @Consumes(MediaType.WILDCARD)
    public Uni<Void> release(@QueryParam("container") String container,
            @QueryParam("removeAnonymous") String removeAnonymous) {
        return volumes.release(container, VolumeResource.truthy(removeAnonymous));
    }

    /** Every volume with UsageData (Size from the node, -1 when it cannot say; RefCount = containers using it). */
    @GET
    @Path("df")
    public Uni<DiskUsagePart> df() {
        return usage.sizes().chain(sizes -> volumes.list(VolumeFilters.parse(null, VolumeFilters.LIST_KEYS))
                .map(listed -> DiskUsagePart.volumes(listed.volumes().stream().map(v -> VolumeView.of(v,
                        new VolumeView.UsageData(sizes == null ? -1L : sizes.getOrDefault(v.name, 0L),
                                listed.users().getOrDefault(v.name, List.of()).size()))).toList())));
    }
}
