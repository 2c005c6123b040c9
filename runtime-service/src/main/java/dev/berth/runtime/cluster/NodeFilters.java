package dev.berth.runtime.cluster;

import dev.berth.common.errors.BerthException;
import dev.berth.common.json.DockerFilters;
import dev.berth.common.json.LabelFilter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /nodes?filters=}: moby's node filters. {@code id} and {@code name} match prefixes, {@code label} the
 * engine labels and {@code node.label} the node's labels ({@code key} or {@code key=value}), {@code role}
 * manager|worker, {@code membership} accepted|pending; any other name is 400 {@code invalid filter 'name'}.
 */
public final class NodeFilters {
    static final Set<String> KNOWN = Set.of("id", "name", "label", "node.label", "role", "membership");

    private NodeFilters() {
    }

    public static Predicate<NodeRow> parse(String filters) {
        Map<String, List<String>> given = DockerFilters.parse(filters, KNOWN);
        check(given, "role", Set.of("manager", "worker"), "Invalid role filter");
        check(given, "membership", Set.of("accepted", "pending"), "Invalid membership filter");
        return node -> matches(node, given);
    }

    static boolean matches(NodeRow node, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            List<String> values = filter.getValue();
            if (values.isEmpty()) {
                continue;
            }
            boolean ok = switch (filter.getKey()) {
                case "id" -> values.stream().anyMatch(v -> node.id().startsWith(v));
                case "name" -> values.stream().anyMatch(v -> node.name().startsWith(v));
                case "label", "node.label" -> LabelFilter.matchesAll(node.labels(), values);
                case "role" -> values.stream().anyMatch(v -> v.isEmpty() || v.equalsIgnoreCase("manager"));
                case "membership" -> values.stream().anyMatch(v -> v.isEmpty() || v.equalsIgnoreCase("accepted"));
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void check(Map<String, List<String>> filters, String name, Set<String> allowed, String message) {
        for (String value : filters.getOrDefault(name, List.of())) {
            if (!value.isEmpty() && !allowed.contains(value.toLowerCase(java.util.Locale.ROOT))) {
                throw BerthException.invalid(message + ": '" + value + "'");
            }
        }
    }
}
