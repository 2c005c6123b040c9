package dev.berth.build.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /build/prune}; the build itself is {@link BuildRoutes}. */
@Path("/build")
@Produces(MediaType.APPLICATION_JSON)
public class BuildResource {

    /**
     * {@code POST /build/prune} (docker builder prune, docker system prune): there is no build cache yet, so nothing
     * is deleted and nothing reclaimed.
     */
    @POST
    @Path("prune")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> prune() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("CachesDeleted", List.of());
        out.put("SpaceReclaimed", 0);
        return out;
    }
}
