package dev.berth.image.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
import dev.berth.common.http.ResponseOutputStream;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * A JSON-lines progress response as dockerd writes it for pull and push: a failure before the stream starts is a
 * plain Docker error with its status; once the 200 is out, a failure is an {@code {"errorDetail":...,"error":...}}
 * line. Call from a worker thread.
 */
final class ProgressStream {
    private static final Logger LOG = Logger.getLogger(ProgressStream.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The streamed part of an operation. */
    interface Work {
        void run(JsonProgress progress);
    }

    private ProgressStream() {
    }

    /** Answers {@code e} as a Docker error; unexpected failures are logged under {@code what}. */
    static void fail(HttpServerResponse response, String what, RuntimeException e) {
        if (!(e instanceof BerthException)) {
            LOG.warning(what + " failed: " + e);
        }
        try {
            response.setStatusCode(DockerError.statusOf(e)).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(DockerError.of(e)));
        } catch (Exception ignored) {
            response.setStatusCode(500).end();
        }
    }

    /** Starts the 200 stream, runs {@code work} on it and ends the response whatever happens. */
    static void stream(HttpServerResponse response, String what, Work work) {
        response.setChunked(true).putHeader("Content-Type", "application/json");
        ResponseOutputStream out = new ResponseOutputStream(response);
        JsonProgress progress = new JsonProgress(out);
        try {
            work.run(progress);
        } catch (RuntimeException e) {
            LOG.warning(what + " failed: " + e);
            try {
                progress.error(e.getMessage() == null ? e.toString() : e.getMessage());
            } catch (RuntimeException ignored) {
                // the client went away
            }
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // the client went away
        }
        if (!response.ended()) {
            response.end();
        }
    }
}
