package dev.berth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After a drill: what the clients were told against what there is. Lost: an object acknowledged to exist that
 * does not (or a running container that no longer runs), one acknowledged to be gone that is still there, an
 * acknowledged change without its event. Duplicated: two containers or networks of one name, an event of one
 * object and action twice, events of one object out of order.
 */
final class DrillChecks {
    final List<String> lost = new ArrayList<>();
    final List<String> duplicated = new ArrayList<>();

    /** The objects' state through the Engine API, and duplicates among what carries the drill's label. */
    void state(DrillLedger ledger, String label) throws IOException {
        for (DrillLedger.Tracked t : ledger.objects) {
            if (t.present == null) {
                continue;
            }
            RawDocker.Response r = RawDocker.call("GET", inspectPath(t), null);
            if (t.present && r.status() != 200) {
                lost.add(t + ": acknowledged, inspect says " + r.status() + " " + r.text());
            } else if (!t.present && r.status() != 404) {
                lost.add(t + ": acknowledged removed, inspect says " + r.status() + " "
                        + r.text().replaceAll("(?s).*?(\"State\":\\{[^}]*\\}).*", "$1"));
            } else if (t.present && t.kind == DrillLedger.Kind.CONTAINER) {
                JsonNode c = r.json();
                if (!c.path("Id").asText().equals(t.id)) {
                    duplicated.add(t + ": the name now belongs to " + c.path("Id").asText());
                } else if (t.acknowledged.contains("start") && !c.path("State").path("Running").asBoolean()) {
                    lost.add(t + ": started, now " + c.path("State").path("Status").asText());
                }
            }
        }
        String filter = URLEncoder.encode("{\"label\":[\"dev.berth.drill=" + label + "\"]}", StandardCharsets.UTF_8);
        countNames(RawDocker.call("GET", "/containers/json?all=1&filters=" + filter, null).json(), "Names",
                "container");
        countNames(RawDocker.call("GET", "/networks?filters=" + filter, null).json(), "Name", "network");
    }

    private static String inspectPath(DrillLedger.Tracked t) {
        return switch (t.kind) {
            case CONTAINER -> "/containers/" + t.id + "/json";
            case VOLUME -> "/volumes/" + t.name;
            case NETWORK -> "/networks/" + t.id;
            case IMAGE -> "/images/" + t.name + "/json";
        };
    }

    private void countNames(JsonNode list, String field, String what) {
        Map<String, Integer> names = new HashMap<>();
        for (JsonNode item : list) {
            JsonNode name = item.path(field);
            names.merge(name.isArray() ? name.path(0).asText() : name.asText(), 1, Integer::sum);
        }
        names.forEach((name, n) -> {
            if (n > 1) {
                duplicated.add(n + " " + what + "s named " + name);
            }
        });
    }

    /**
     * Each acknowledged change exactly once in {@code events}, no change twice, per object in the order of its
     * kind's actions ({@code stream} names the stream in messages). Returns the changes still missing.
     */
    static List<String> missing(DrillLedger ledger, List<JsonNode> events) {
        List<String> missing = new ArrayList<>();
        for (DrillLedger.Tracked t : ledger.objects) {
            List<String> seen = actions(t, events);
            for (String action : t.acknowledged) {
                if (!seen.contains(action)) {
                    missing.add(t + " " + action);
                }
            }
        }
        return missing;
    }

    void events(DrillLedger ledger, List<JsonNode> events, String stream) {
        missing(ledger, events).forEach(m -> lost.add(stream + ": no event for the acknowledged " + m));
        for (DrillLedger.Tracked t : ledger.objects) {
            List<String> seen = actions(t, events);
            for (int i = 0; i < seen.size(); i++) {
                if (seen.indexOf(seen.get(i)) != i) {
                    duplicated.add(stream + ": " + t + " " + seen.get(i) + " twice: " + seen);
                } else if (i > 0 && t.kind.rank(seen.get(i)) < t.kind.rank(seen.get(i - 1))) {
                    duplicated.add(stream + ": " + t + " out of order: " + seen);
                }
            }
        }
    }

    /** The object's checked actions in stream order. */
    private static List<String> actions(DrillLedger.Tracked t, List<JsonNode> events) {
        List<String> seen = new ArrayList<>();
        for (JsonNode e : events) {
            if (!e.path("Type").asText().equals(t.kind.type()) || !t.kind.actions.contains(e.path("Action").asText())) {
                continue;
            }
            String actor = e.path("Actor").path("ID").asText();
            String name = e.path("Actor").path("Attributes").path("name").asText();
            boolean mine = switch (t.kind) {
                case CONTAINER, NETWORK -> actor.equals(t.id) || (t.id == null && name.equals(t.name));
                case VOLUME -> actor.equals(t.name);
                case IMAGE -> name.equals(t.name) || actor.equals(t.name);
            };
            if (mine) {
                seen.add(e.path("Action").asText());
            }
        }
        return seen;
    }
}
