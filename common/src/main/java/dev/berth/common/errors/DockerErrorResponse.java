package dev.berth.common.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one mapping of failures to HTTP, for every service's {@code @ServerExceptionMapper}. */
public final class DockerErrorResponse {
    private DockerErrorResponse() {
    }

    public static Response of(Throwable thrown) {
        Throwable failure = thrown instanceof WebApplicationException wae
                && wae.getCause() instanceof JsonProcessingException json ? json : thrown;
        int status = failure instanceof WebApplicationException wae
                ? wae.getResponse().getStatus()
                : DockerError.statusOf(failure);
        if (status == 304) {
            return Response.notModified().build();
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(DockerError.of(failure)).build();
    }
}
