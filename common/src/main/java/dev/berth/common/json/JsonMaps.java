package dev.berth.common.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON objects of strings (labels, options, sysctls) as maps, in their order. */
public final class JsonMaps {
    private JsonMaps() {
    }

    /** The object's fields with their values as text; empty for a missing node or one that is not an object. */
    public static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
