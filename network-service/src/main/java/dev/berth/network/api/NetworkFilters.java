package dev.berth.network.api;

import dev.berth.common.json.DockerFilters;
import dev.berth.common.json.LabelFilter;
import dev.berth.network.domain.Network;
import dev.berth.network.service.NetworkService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code filters} of GET /networks: name (substring), id (prefix), driver, label (key or key=value), type, scope. */
record NetworkFilters(Map<String, List<String>> values) {
    private static final Set<String> KNOWN = Set.of("name", "id", "driver", "label", "type", "scope", "dangling",
            "until");

    static NetworkFilters parse(String filters) {
        return new NetworkFilters(new LinkedHashMap<>(DockerFilters.parse(filters, KNOWN)));
    }

    boolean matches(Network n, boolean inUse) {
        return any("name", v -> n.name.contains(v)) && any("id", v -> n.id.startsWith(v))
                && any("driver", v -> n.driver.equals(v)) && any("scope", v -> n.scope.equals(v))
                && any("type", v -> v.equals("builtin") == n.predefined())
                && any("dangling", v -> Boolean.parseBoolean(v) == (!inUse && !n.predefined()))
                && LabelFilter.matchesAll(NetworkService.map(n.labels), values.get("label"));
    }

    private boolean any(String key, java.util.function.Predicate<String> test) {
        List<String> wanted = values.get(key);
        return wanted == null || wanted.isEmpty() || wanted.stream().anyMatch(test);
    }
}
