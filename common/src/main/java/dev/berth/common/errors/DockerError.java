package dev.berth.common.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/** Docker's error body: {@code {"message": "..."}}. */
public record DockerError(String message) {

    public static DockerError of(Throwable failure) {
        if (failure instanceof JsonProcessingException json) {
            return new DockerError(InvalidJson.message(json));
        }
        var outage = failure instanceof BerthException ? java.util.Optional.<String>empty() : DatabaseOutage.describe(failure);
        if (outage.isPresent()) {
            return new DockerError(outage.get());
        }
        String message = failure.getMessage();
        return new DockerError(message == null || message.isBlank() ? failure.getClass().getSimpleName() : message);
    }

    public static int statusOf(Throwable failure) {
        if (failure instanceof JsonProcessingException) {
            return ErrorKind.INVALID.status(); // a body the client sent that is not the JSON asked for
        }
        if (failure instanceof BerthException be) {
            return be.kind().status();
        }
        return DatabaseOutage.describe(failure).isPresent() ? ErrorKind.UNAVAILABLE.status() : 500;
    }

    public Map<String, String> asMap() {
        return Map.of("message", message);
    }
}
