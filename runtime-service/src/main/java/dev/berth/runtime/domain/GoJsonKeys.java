package dev.berth.runtime.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The field names of one of moby's Go request types. dockerd decodes JSON with encoding/json, which matches a key
 * to a field case-insensitively (docker-py sends {@code "CPURealtimePeriod"}, and {@code "detachKeys"} in an exec
 * create); berth keeps the request's JSON, so such keys are renamed to moby's spelling first.
 */
public final class GoJsonKeys {
    private final Map<String, String> byLower;

    public GoJsonKeys(List<String> names) {
        this.byLower = names.stream().collect(Collectors.toMap(n -> n.toLowerCase(Locale.ROOT), Function.identity()));
    }

    /**
     * Renames, in place, the keys of {@code object} that name a field in another case to moby's spelling; as in Go,
     * when two keys name one field the later one's value wins.
     */
    public void canonicalize(JsonNode object) {
        if (!(object instanceof ObjectNode o)) {
            return;
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        boolean renamed = false;
        for (var it = o.fields(); it.hasNext(); ) {
            var e = it.next();
            String canonical = byLower.getOrDefault(e.getKey().toLowerCase(Locale.ROOT), e.getKey());
            renamed |= !canonical.equals(e.getKey());
            out.put(canonical, e.getValue());
        }
        if (renamed) {
            o.removeAll();
            o.setAll(out);
        }
    }
}
