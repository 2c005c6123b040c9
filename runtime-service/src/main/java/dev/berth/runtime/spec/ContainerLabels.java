package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.json.LabelFilter;
import java.util.Map;

/**
 * A container's Config.Labels, read alone: what the label filters of ps and prune and every container event need,
 * without reading the rest of the stored Config and HostConfig into a {@link StoredSettings}.
 */
public record ContainerLabels(Map<String, String> map) {

    public static ContainerLabels of(JsonNode config) {
        return new ContainerLabels(WireObject.of(config, "Config", "").stringMap("Labels"));
    }

    /** Docker's {@code label} filter: {@code key} (any value) or {@code key=value}. */
    public boolean has(String filter) {
        return LabelFilter.matches(map, filter);
    }
}
