package dev.berth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * One Engine API call of a drill's workload and how it ended: answered (2xx), refused cleanly (a Docker error
 * {@code {"message"}} with a 5xx status and no Java exception text), no answer at all (socket refused or closed:
 * the daemon is down), an answer cut off after its head (the component died while it streamed: the change may or
 * may not have happened), or anything else (unclean: another status, a body that is not a Docker error, exception
 * text, or no complete answer within {@link #TIMEOUT_MS}).
 */
record DrillCall(String what, long startMillis, long millis, Outcome outcome, int status, String detail) {
    static final long TIMEOUT_MS = 30_000;
    private static final Pattern JAVA_TEXT = Pattern.compile(
            "Exception|\\bat [a-z]+\\.[a-zA-Z.$]+\\(|\\.java:\\d+|java\\.|io\\.vertx|io\\.quarkus|org\\.hibernate");

    enum Outcome { OK, CLEAN_ERROR, NO_ANSWER, CUT_OFF, UNCLEAN, HUNG }

    /** Issues one call through berth's socket and classifies it; never throws, never waits past the timeout. */
    static Result call(String what, String method, String path, String jsonBody) {
        long start = System.currentTimeMillis();
        RawDocker.Response response;
        try {
            response = RawDocker.call(method, path, jsonBody, TIMEOUT_MS);
        } catch (IOException e) {
            return new Result(of(what, start, Outcome.NO_ANSWER, 0, String.valueOf(e.getMessage())), null);
        }
        return classify(what, start, response);
    }

    /** Classifies a response (a streaming one included: a 200 whose JSON lines carry an {@code error} failed). */
    static Result classify(String what, long start, RawDocker.Response response) {
        String head = response.head();
        if (!head.startsWith("HTTP/1.")) {
            boolean timedOut = !response.closed() && System.currentTimeMillis() - start >= TIMEOUT_MS;
            return new Result(of(what, start, timedOut ? Outcome.HUNG : Outcome.NO_ANSWER, 0,
                    timedOut ? "no answer in " + TIMEOUT_MS + " ms" : "closed without an answer"), null);
        }
        int status = response.status();
        String text = response.text();
        if (status / 100 == 2 && response.cutOff()) {
            return new Result(of(what, start, Outcome.CUT_OFF, status, "the answer was cut off after its head"),
                    response);
        }
        if (status / 100 == 2) {
            String streamedError = streamedError(text);
            if (what.startsWith("wait") && !text.contains("\"StatusCode\"")) {
                // dockerd's wait always ends with its {"StatusCode": …}: the docker CLI fails without it
                return new Result(of(what, start, Outcome.UNCLEAN, status, "no StatusCode in '" + text + "'"),
                        response);
            }
            if (streamedError == null) {
                return new Result(of(what, start, Outcome.OK, status, ""), response);
            }
            Outcome o = JAVA_TEXT.matcher(streamedError).find() ? Outcome.UNCLEAN : Outcome.CLEAN_ERROR;
            return new Result(of(what, start, o, status, "streamed error: " + streamedError), response);
        }
        String message = dockerMessage(text);
        boolean clean = status >= 500 && message != null && !JAVA_TEXT.matcher(text).find();
        return new Result(of(what, start, clean ? Outcome.CLEAN_ERROR : Outcome.UNCLEAN, status,
                message != null ? message : text), response);
    }

    private static DrillCall of(String what, long start, Outcome outcome, int status, String detail) {
        return new DrillCall(what, start, System.currentTimeMillis() - start, outcome, status, detail);
    }

    /** The {@code message} of a Docker error body, or null when the body is not one. */
    private static String dockerMessage(String body) {
        try {
            JsonNode node = RawDocker.JSON.readTree(body);
            return node != null && node.path("message").isTextual() ? node.path("message").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The first {@code error} of a JSON-lines progress stream (pull), or null. */
    private static String streamedError(String body) {
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("{") && line.contains("\"error\"")) {
                try {
                    return RawDocker.JSON.readTree(line).path("error").asText();
                } catch (IOException e) {
                    return line;
                }
            }
        }
        return null;
    }

    boolean ok() {
        return outcome == Outcome.OK;
    }

    /** A call and, when one came, the response. */
    record Result(DrillCall call, RawDocker.Response response) {
        boolean ok() {
            return call.ok();
        }

        /** This result with another outcome (a caller that knows an answer is right in its case). */
        Result as(Outcome outcome) {
            return new Result(new DrillCall(call.what, call.startMillis, call.millis, outcome, call.status,
                    call.detail), response);
        }

        String jsonField(String field) {
            try {
                return response.json().path(field).asText();
            } catch (IOException e) {
                throw new AssertionError(call.what() + ": " + response.text(), e);
            }
        }
    }
}
