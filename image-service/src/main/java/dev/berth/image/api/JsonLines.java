package dev.berth.image.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Docker's JSON message stream: one JSON object a line ({@code status}, {@code stream}, {@code error}). */
final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StringBuilder out = new StringBuilder();

    JsonLines status(String status) {
        return line(Map.of("status", status));
    }

    JsonLines stream(String text) {
        return line(Map.of("stream", text));
    }

    JsonLines error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", Map.of("message", message));
        m.put("error", message);
        return line(m);
    }

    private JsonLines line(Map<String, ?> object) {
        try {
            out.append(JSON.writeValueAsString(object)).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
