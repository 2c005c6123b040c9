package dev.berth.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * JSON that berth stored itself (text columns, state files), read strictly: an absent value (null or blank) reads as
 * empty, and anything unreadable is an error naming what was being read, never a silent {@code {}} that would
 * lose a container's settings on the next write.
 */
public final class StrictJson {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private StrictJson() {
    }

    /** The tree of {@code json}; an empty object when absent. */
    public static JsonNode tree(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw unreadable(json, e);
        }
    }

    /** {@code json} as {@code type}; {@code whenAbsent} when null or blank. */
    public static <T> T read(String json, TypeReference<T> type, T whenAbsent) {
        if (json == null || json.isBlank()) {
            return whenAbsent;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw unreadable(json, e);
        }
    }

    /** A JSON array of strings; empty when absent. */
    public static List<String> strings(String json) {
        return read(json, STRINGS, List.of());
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static IllegalStateException unreadable(String json, JsonProcessingException e) {
        String start = json.length() > 40 ? json.substring(0, 40) + "…" : json;
        return new IllegalStateException("stored JSON is not readable (" + e.getOriginalMessage() + "): " + start, e);
    }
}
