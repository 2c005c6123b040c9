package dev.berth.runtime.api;

import dev.berth.common.contract.BuildStepHeaders;
import dev.berth.common.contract.CreatedImage;
import dev.berth.runtime.commit.BuildStepCommit;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * For build-service (never routed by the gateway): {@code POST /internal/containers/{id}/build-step?parent=<image
 * id>[&mkdir=<WORKDIR>]} with the {@link BuildStepHeaders}; makes the working directory if asked, commits the step
 * container's changes as an image ({@link BuildStepCommit}) and answers 201 {@link CreatedImage}.
 */
@Path("/internal/containers/{id}/build-step")
public class BuildStepResource {
    @Inject
    BuildStepCommit commits;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> commit(@PathParam("id") String id, @QueryParam("parent") String parent,
            @QueryParam("mkdir") String mkdir, @HeaderParam(BuildStepHeaders.CONFIG) String config,
            @HeaderParam(BuildStepHeaders.CREATED_BY) String createdBy) {
        return commits.commit(new BuildStepCommit.Request(id, parent, config, createdBy, mkdir))
                .map(image -> Response.status(Response.Status.CREATED).entity(new CreatedImage(image))
                        .type(MediaType.APPLICATION_JSON_TYPE).build());
    }
}
