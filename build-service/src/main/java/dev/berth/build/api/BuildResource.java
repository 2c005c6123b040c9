package dev.berth.build.api;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /build}: Dockerfile builds arrive with the build issue; until then a clear refusal. */
@Path("/build")
@Produces(MediaType.APPLICATION_JSON)
public class BuildResource {

    @POST
    public void build() {
        throw new BerthException(ErrorKind.INVALID, "docker build is not supported by this berth version yet");
    }
}
