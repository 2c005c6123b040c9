package dev.berth.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The parameters of {@code GET /events}: since, until and filters, as dockerd reads them. */
record EventQuery(Instant since, Instant until, Map<String, List<String>> filters) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static EventQuery parse(String since, String until, String filters) {
        Instant from = time("since", since);
        Instant to = time("until", until);
        if (from != null && to != null && to.isBefore(from)) {
            throw BerthException.invalid("`since` time (" + since + ") cannot be after `until` time (" + until + ")");
        }
        return new EventQuery(from, to, filters(filters));
    }

    boolean live() {
        return until == null || until.isAfter(Instant.now());
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(value.trim());
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException notNumber) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw BerthException.invalid("invalid value for " + name + ": " + value);
            }
        }
    }

    /** Accepts both encodings clients use: {@code {"type":["container"]}} and {@code {"type":{"container":true}}}. */
    static Map<String, List<String>> filters(String raw) {
        Map<String, List<String>> result = new HashMap<>();
        if (raw == null || raw.isBlank()) {
            return result;
        }
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (java.io.IOException e) {
            throw BerthException.invalid("invalid filter: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw BerthException.invalid("invalid filter: " + raw);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            List<String> values = new ArrayList<>();
            JsonNode node = field.getValue();
            if (node.isArray()) {
                node.forEach(v -> values.add(v.asText()));
            } else if (node.isObject()) {
                node.fieldNames().forEachRemaining(values::add);
            } else {
                values.add(node.asText());
            }
            result.put(field.getKey(), values);
        }
        return result;
    }
}
