package dev.berth.volume.domain;

import dev.berth.common.errors.BerthException;
import dev.berth.common.json.DockerFilters;
import dev.berth.common.json.LabelFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Docker's {@code filters} query parameter for volume list and prune: {@code {"key": {"value": true}}} (what the
 * CLI sends) or {@code {"key": ["value"]}}. Values of one key are alternatives; keys must all match.
 */
public final class VolumeFilters {
    public static final Set<String> LIST_KEYS = Set.of("dangling", "name", "label", "driver");
    public static final Set<String> PRUNE_KEYS = Set.of("label", "label!", "all");

    private final Map<String, List<String>> values;

    private VolumeFilters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static VolumeFilters parse(String json, Set<String> allowed) {
        Map<String, List<String>> values = new LinkedHashMap<>(DockerFilters.parse(json, allowed));
        for (String key : List.of("dangling", "all")) {
            for (String v : values.getOrDefault(key, List.of())) {
                if (!Set.of("true", "false", "1", "0").contains(v.toLowerCase())) {
                    throw BerthException.invalid("invalid filter '" + key + "=" + v + "'");
                }
            }
        }
        for (String v : values.getOrDefault("name", List.of())) {
            try {
                Pattern.compile(v);
            } catch (PatternSyntaxException e) {
                throw BerthException.invalid("invalid filter 'name=" + v + "'");
            }
        }
        return new VolumeFilters(values);
    }

    /** These filters and one more value of {@code key} (no change when it already has that value). */
    public VolumeFilters with(String key, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(values);
        List<String> list = new ArrayList<>(more.getOrDefault(key, List.of()));
        if (!list.contains(value)) {
            list.add(value);
        }
        more.put(key, list);
        return new VolumeFilters(more);
    }

    /**
     * Prune's {@code all}: whether every unused volume goes, not only anonymous ones. As moby's {@code withPrune},
     * more than one value is a 400.
     */
    public boolean pruneAll() {
        List<String> all = values.getOrDefault("all", List.of());
        if (all.size() > 1) {
            throw BerthException.invalid("invalid filter 'all=[" + String.join(" ", all)
                    + "]': only one value is expected");
        }
        return Boolean.TRUE.equals(flag("all"));
    }

    /** A boolean filter (dangling, all): null when absent. */
    public Boolean flag(String key) {
        List<String> v = values.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        return v.stream().anyMatch(s -> s.equalsIgnoreCase("true") || s.equals("1"));
    }

    /** Whether a volume passes name, driver, label and label! (dangling and all are the caller's). */
    public boolean matches(String name, String driver, Map<String, String> labels) {
        List<String> names = values.get("name");
        if (names != null && !names.isEmpty() && names.stream().noneMatch(n -> Pattern.compile(n).matcher(name).find())) {
            return false;
        }
        List<String> drivers = values.get("driver");
        if (drivers != null && !drivers.isEmpty() && !drivers.contains(driver)) {
            return false;
        }
        return LabelFilter.matchesAll(labels, values.get("label"))
                && LabelFilter.matchesNone(labels, values.get("label!"));
    }
}
