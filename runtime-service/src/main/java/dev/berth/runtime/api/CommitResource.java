package dev.berth.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.commit.CommitService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** {@code POST /commit} (docker commit). */
@Path("/commit")
@Produces(MediaType.APPLICATION_JSON)
public class CommitResource {
    @Inject
    CommitService commits;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> commit(@QueryParam("container") String container, @QueryParam("repo") String repo,
            @QueryParam("tag") String tag, @QueryParam("comment") String comment,
            @QueryParam("author") String author, @QueryParam("pause") String pause,
            @QueryParam("changes") List<String> changes, String body) {
        if (container == null || container.isEmpty()) {
            return Uni.createFrom().failure(BerthException.invalid("container is required"));
        }
        JsonNode config;
        try {
            config = body == null || body.isBlank() ? null : ContainerViews.JSON.readTree(body);
        } catch (Exception e) {
            return Uni.createFrom().failure(BerthException.invalid("invalid JSON: " + e.getMessage()));
        }
        boolean doPause = pause == null || pause.isEmpty() || ContainerResource.truthy(pause);
        return commits.commit(new CommitService.Request(container, repo, tag, comment, author, doPause,
                changes == null ? List.of() : changes, config))
                .map(id -> Response.status(201).entity(Map.of("Id", id)).build());
    }
}
