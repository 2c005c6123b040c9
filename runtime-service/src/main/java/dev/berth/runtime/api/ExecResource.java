package dev.berth.runtime.api;

import dev.berth.runtime.service.ExecService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Exec inspect and resize (create is under /containers, start is a hijacked route: {@link ExecRoutes}). */
@Path("/exec")
@Produces(MediaType.APPLICATION_JSON)
public class ExecResource {
    @Inject
    ExecService execs;

    /** From memory: on the event loop. */
    @GET
    @Path("{id}/json")
    @io.smallrye.common.annotation.NonBlocking
    public Map<String, Object> inspect(@PathParam("id") String id) {
        return execs.inspect(id);
    }

    @POST
    @Path("{id}/resize")
    @Consumes(MediaType.WILDCARD)
    public Response resize(@PathParam("id") String id, @QueryParam("h") Integer h, @QueryParam("w") Integer w) {
        execs.resize(id, h == null ? 0 : h, w == null ? 0 : w);
        return Response.ok().build();
    }
}
