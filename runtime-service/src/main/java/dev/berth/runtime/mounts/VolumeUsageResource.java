package dev.berth.runtime.mounts;

import dev.berth.common.contract.VolumeUsage;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /internal/volumes/usage}: bytes in each volume's data directory on this node (for system df). */
@Path("/internal/volumes")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeUsageResource {
    @Inject
    VolumeDirs dirs;

    @GET
    @Path("usage")
    @Blocking
    public VolumeUsage usage() {
        return new VolumeUsage(dirs.usage());
    }
}
