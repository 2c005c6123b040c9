package dev.berth.image.api;

import dev.berth.common.errors.DockerErrorResponse;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves as Docker's {@code {"message": ...}} with the status of its kind. */
public class ErrorMapping {
    @ServerExceptionMapper
    public Response map(Throwable failure) {
        return DockerErrorResponse.of(failure);
    }
}
