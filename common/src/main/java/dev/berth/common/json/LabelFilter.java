package dev.berth.common.json;

import java.util.Collection;
import java.util.Map;

/**
 * Docker's {@code label} filter value, the same for containers, images, volumes, networks and events (moby
 * {@code filters.Args.MatchKVList}): {@code key} holds when the label is there with any value, {@code key=value}
 * when it has that value. Several values must all hold ({@code label}) or none ({@code label!}).
 */
public final class LabelFilter {
    private LabelFilter() {
    }

    public static boolean matches(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    /** Every filter holds (true when there is none). */
    public static boolean matchesAll(Map<String, String> labels, Collection<String> filters) {
        return filters == null || filters.stream().allMatch(f -> matches(labels, f));
    }

    /** No filter holds (true when there is none). */
    public static boolean matchesNone(Map<String, String> labels, Collection<String> filters) {
        return filters == null || filters.stream().noneMatch(f -> matches(labels, f));
    }
}
