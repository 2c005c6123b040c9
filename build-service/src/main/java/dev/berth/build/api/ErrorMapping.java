package dev.berth.build.api;

import dev.berth.common.errors.DockerError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves as Docker's {@code {"message": ...}} with the status of its kind. */
public class ErrorMapping {
    @ServerExceptionMapper
    public Response map(Throwable failure) {
        int status = failure instanceof WebApplicationException wae
                ? wae.getResponse().getStatus()
                : DockerError.statusOf(failure);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(DockerError.of(failure)).build();
    }
}
