package dev.berth.network.api;

import dev.berth.common.json.DockerFilters;
import dev.berth.common.json.DockerTimestamps;
import dev.berth.common.json.LabelFilter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code filters} of POST /networks/prune as moby reads them ({@code networkPruneValidFilters}): {@code label},
 * {@code label!} and {@code until} (created before that time). Any other name is a 400, not ignored: a prune that
 * ignored its filter would remove every unused network.
 */
public record NetworkPruneFilters(List<String> labels, List<String> notLabels, Instant until) {
    private static final Set<String> KNOWN = Set.of("label", "label!", "until");

    public static NetworkPruneFilters parse(String filters, Instant now) {
        Map<String, List<String>> given = DockerFilters.parse(filters, KNOWN);
        return new NetworkPruneFilters(given.getOrDefault("label", List.of()), given.getOrDefault("label!", List.of()),
                DockerTimestamps.untilFilter(given, now));
    }

    public boolean accepts(Map<String, String> networkLabels, OffsetDateTime created) {
        if (until != null && (created == null || !created.toInstant().isBefore(until))) {
            return false;
        }
        return LabelFilter.matchesAll(networkLabels, labels) && LabelFilter.matchesNone(networkLabels, notLabels);
    }
}
