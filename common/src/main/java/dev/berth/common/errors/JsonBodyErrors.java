package dev.berth.common.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Bodies that RESTEasy's Jackson reader cannot read, for every service: Quarkus' own mapper would answer a 400
 * without a body, and a parser limit (nesting depth, name length) would reach the services' catch-all as a 500.
 */
public class JsonBodyErrors {
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return DockerErrorResponse.of(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return DockerErrorResponse.of(e);
    }
}
