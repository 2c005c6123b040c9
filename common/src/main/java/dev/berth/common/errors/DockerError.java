package dev.berth.common.errors;

import java.util.Map;

/** Docker's error body: {@code {"message": "..."}}. */
public record DockerError(String message) {

    public static DockerError of(Throwable failure) {
        String message = failure.getMessage();
        return new DockerError(message == null || message.isBlank() ? failure.getClass().getSimpleName() : message);
    }

    public static int statusOf(Throwable failure) {
        return failure instanceof BerthException be ? be.kind().status() : 500;
    }

    public Map<String, String> asMap() {
        return Map.of("message", message);
    }
}
