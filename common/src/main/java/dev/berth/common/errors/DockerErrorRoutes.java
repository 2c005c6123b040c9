package dev.berth.common.errors;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The same mapping as {@link DockerErrorResponse}, for routes served on Vert.x directly (streams, hijacked
 * connections, builds): a Docker {@code {"message": …}} with its status while the head has not gone out, a reset
 * stream after it; server-side failures (5xx) are logged.
 */
public final class DockerErrorRoutes {
    private DockerErrorRoutes() {
    }

    public static void fail(HttpServerResponse response, Throwable failure, Logger log) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        int status = DockerError.statusOf(failure);
        if (status >= 500) {
            log.log(Level.WARNING, "request failed", failure);
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(JsonObject.of("message", DockerError.of(failure).message()).encode() + "\n");
    }
}
