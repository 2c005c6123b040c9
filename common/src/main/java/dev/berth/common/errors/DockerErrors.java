package dev.berth.common.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.DockerError;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/** Writes Docker's error body. */
public final class DockerErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerErrors() {
    }

    public static void write(HttpServerResponse response, Throwable failure) {
        write(response, DockerError.statusOf(failure), DockerError.of(failure).message());
    }

    public static void write(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed()) {
            return; // answered already, or the client went away: nothing can be written
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        try {
            response.setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(Map.of("message", message)) + "\n");
        } catch (Exception e) {
            response.setStatusCode(500).end();
        }
    }
}
