package dev.berth.runtime.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code BERTH_NODE_LABELS}: {@code storage=ssd,region=a}. A bad entry stops the node at start with the reason. */
public final class NodeLabels {
    private NodeLabels() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        for (String entry : text.split(",", -1)) {
            String item = entry.strip();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("BERTH_NODE_LABELS: \"" + item + "\" is not key=value"
                        + " (expected e.g. storage=ssd,region=a)");
            }
            String key = item.substring(0, eq).strip();
            if (!key.matches("[A-Za-z0-9][A-Za-z0-9._/-]*")) {
                throw new IllegalArgumentException("BERTH_NODE_LABELS: \"" + key + "\" is not a label key"
                        + " (letters, digits, '.', '_', '-', '/'; starting with a letter or digit)");
            }
            if (labels.put(key, item.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("BERTH_NODE_LABELS: label \"" + key + "\" is given twice");
            }
        }
        return Collections.unmodifiableMap(labels);
    }
}
