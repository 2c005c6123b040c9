package dev.berth.runtime.api;

import dev.berth.common.errors.DockerError;
import dev.berth.runtime.service.Contexts;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves as Docker's {@code {"message": ...}} with the status of its kind (304 without a body). */
public class ErrorMapping {
    @ServerExceptionMapper
    public Response map(Throwable thrown) {
        Throwable failure = Contexts.unwrap(thrown);
        int status = failure instanceof WebApplicationException wae
                ? wae.getResponse().getStatus()
                : DockerError.statusOf(failure);
        if (status == 304) {
            return Response.notModified().build();
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(DockerError.of(failure)).build();
    }
}
