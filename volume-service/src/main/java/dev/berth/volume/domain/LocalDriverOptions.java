package dev.berth.volume.domain;

import dev.berth.common.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** moby's local driver option rules (volume/local validateOpts): type, device and o, each needing the others. */
public final class LocalDriverOptions {
    private static final Set<String> VALID = Set.of("type", "device", "o");
    private static final Map<String, List<String>> MANDATORY = Map.of(
            "device", List.of("type"),
            "type", List.of("device"),
            "o", List.of("device", "type"));

    private LocalDriverOptions() {
    }

    public static void validate(Map<String, String> opts) {
        if (opts == null || opts.isEmpty()) {
            return;
        }
        for (String key : opts.keySet().stream().sorted().toList()) {
            if (key.equals("size")) {
                throw BerthException.invalid("quota size requested but no quota support");
            }
            if (!VALID.contains(key)) {
                throw BerthException.invalid("invalid option key: \"" + key + "\"");
            }
        }
        for (String key : List.of("device", "type", "o")) {
            if (opts.containsKey(key)) {
                for (String required : MANDATORY.get(key)) {
                    if (!opts.containsKey(required)) {
                        throw BerthException.invalid("missing required option: \"" + required + "\"");
                    }
                }
            }
        }
    }
}
