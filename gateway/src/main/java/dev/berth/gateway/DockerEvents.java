package dev.berth.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.json.LabelFilter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns berth's CloudEvents into Docker's event messages, and applies Docker's event filters. */
final class DockerEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerEvents() {
    }

    static ObjectNode toDocker(CloudEvent event) {
        String type = event.domain();
        String action = event.action();
        Map<String, String> attributes = attributes(event);
        Instant time = event.instant();
        ObjectNode node = JSON.createObjectNode();
        if (type.equals("container") || type.equals("image")) {
            node.put("status", action).put("id", event.subject());
            String from = attributes.get("image");
            if (from != null) {
                node.put("from", from);
            }
        }
        node.put("Type", type).put("Action", action);
        ObjectNode actor = node.putObject("Actor");
        actor.put("ID", event.subject());
        ObjectNode attrs = actor.putObject("Attributes");
        attributes.forEach(attrs::put);
        node.put("scope", scope(type));
        node.put("time", time.getEpochSecond());
        node.put("timeNano", time.getEpochSecond() * 1_000_000_000L + time.getNano());
        return node;
    }

    static boolean matches(CloudEvent event, Map<String, List<String>> filters) {
        Map<String, String> attributes = attributes(event);
        String type = event.domain();
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            List<String> values = filter.getValue();
            boolean ok = switch (filter.getKey()) {
                case "type" -> values.contains(type);
                case "event" -> values.stream().anyMatch(v -> event.action().equals(v)
                        || event.action().startsWith(v + ":"));
                case "container" -> type.equals("container") && actorMatches(event, attributes, values);
                case "image" -> (type.equals("image") && actorMatches(event, attributes, values))
                        || (type.equals("container") && values.contains(attributes.get("image")));
                case "network" -> type.equals("network") && actorMatches(event, attributes, values);
                case "volume" -> type.equals("volume") && actorMatches(event, attributes, values);
                case "label" -> values.stream().anyMatch(v -> LabelFilter.matches(attributes, v));
                case "scope" -> values.contains(scope(type));
                case "node" -> type.equals("node") && actorMatches(event, attributes, values);
                // berth's own: health-check probe execs carry data.healthcheck=true; healthcheck=false hides them
                case "healthcheck" -> values.contains(String.valueOf(isHealthProbe(event)));
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** moby: swarm objects' events (nodes here) are {@code swarm}, the engine's own {@code local}. */
    private static String scope(String type) {
        return type.equals("node") ? "swarm" : "local";
    }

    private static boolean isHealthProbe(CloudEvent event) {
        return "container".equals(event.domain()) && event.data() != null
                && Boolean.TRUE.equals(event.data().get("healthcheck"));
    }

    private static boolean actorMatches(CloudEvent event, Map<String, String> attributes, List<String> values) {
        return values.stream().anyMatch(v -> event.subject().startsWith(v) || v.equals(attributes.get("name")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> attributes(CloudEvent event) {
        Map<String, String> result = new TreeMap<>();
        Object raw = event.data() == null ? null : event.data().get("attributes");
        if (raw instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (v != null) {
                    result.put(k, String.valueOf(v));
                }
            });
        }
        return result;
    }
}
