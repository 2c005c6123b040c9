package dev.berth.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.network.domain.Network;
import dev.berth.network.service.NetworkService;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code filters} of GET /networks: name (substring), id (prefix), driver, label (key or key=value), type, scope. */
record NetworkFilters(Map<String, List<String>> values) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("name", "id", "driver", "label", "type", "scope", "dangling",
            "until");

    static NetworkFilters parse(String filters) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (filters == null || filters.isBlank()) {
            return new NetworkFilters(values);
        }
        JsonNode root;
        try {
            root = JSON.readTree(filters);
        } catch (Exception e) {
            throw BerthException.invalid("invalid filters: " + filters);
        }
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!KNOWN.contains(e.getKey())) {
                throw BerthException.invalid("invalid filter '" + e.getKey() + "'");
            }
            List<String> list = new ArrayList<>();
            if (e.getValue().isObject()) {
                e.getValue().fieldNames().forEachRemaining(list::add);
            } else {
                e.getValue().forEach(v -> list.add(v.asText()));
            }
            values.put(e.getKey(), list);
        }
        return new NetworkFilters(values);
    }

    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String l : values.getOrDefault("label", List.of())) {
            int eq = l.indexOf('=');
            labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? null : l.substring(eq + 1));
        }
        return labels;
    }

    boolean matches(Network n, boolean inUse) {
        return any("name", v -> n.name.contains(v)) && any("id", v -> n.id.startsWith(v))
                && any("driver", v -> n.driver.equals(v)) && any("scope", v -> n.scope.equals(v))
                && any("type", v -> v.equals("builtin") == n.predefined())
                && any("dangling", v -> Boolean.parseBoolean(v) == (!inUse && !n.predefined()))
                && labels().entrySet().stream().allMatch(e -> {
                    Map<String, String> have = NetworkService.map(n.labels);
                    return have.containsKey(e.getKey())
                            && (e.getValue() == null || e.getValue().equals(have.get(e.getKey())));
                });
    }

    private boolean any(String key, java.util.function.Predicate<String> test) {
        List<String> wanted = values.get(key);
        return wanted == null || wanted.isEmpty() || wanted.stream().anyMatch(test);
    }
}
