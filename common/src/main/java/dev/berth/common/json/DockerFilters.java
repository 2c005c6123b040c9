package dev.berth.common.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter of Docker's list and prune endpoints: a JSON object of name → values, the
 * values either {@code {"v":true}} (what the clients send) or {@code ["v"]} (the older form). A name outside
 * {@code known} (unless that is null) is refused as dockerd refuses it: 400 {@code invalid filter 'name'}; so is
 * anything else than an object of such values ({@code [1]}, {@code {"label":"x"}}): 400 {@code invalid filter}.
 */
public final class DockerFilters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerFilters() {
    }

    public static Map<String, List<String>> parse(String filters, Set<String> known) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (filters == null || filters.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = JSON.readTree(filters);
        } catch (Exception e) {
            throw BerthException.invalid("invalid filter: " + e.getMessage());
        }
        if (root == null || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw BerthException.invalid("invalid filter");
        }
        for (var it = root.fields(); it.hasNext();) {
            var field = it.next();
            if (known != null && !known.contains(field.getKey())) {
                throw BerthException.invalid("invalid filter '" + field.getKey() + "'");
            }
            if (!wellFormed(field.getValue())) {
                throw BerthException.invalid("invalid filter");
            }
            out.put(field.getKey(), values(field.getValue()));
        }
        return out;
    }

    /** {@code ["v", …]} or {@code {"v": true, …}}, as moby's filters.FromJSON reads them. */
    private static boolean wellFormed(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode v : node) {
                if (!v.isTextual()) {
                    return false;
                }
            }
            return true;
        }
        if (node.isObject()) {
            for (JsonNode v : node) {
                if (!v.isBoolean()) {
                    return false;
                }
            }
            return true;
        }
        return node.isNull();
    }

    /** One filter's values in either form. */
    public static List<String> values(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(out::add);
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
