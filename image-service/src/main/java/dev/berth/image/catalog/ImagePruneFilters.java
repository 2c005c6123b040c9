package dev.berth.image.catalog;

import dev.berth.common.errors.BerthException;
import dev.berth.common.json.DockerFilters;
import dev.berth.common.json.DockerTimestamps;
import dev.berth.common.json.LabelFilter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} of {@code POST /images/prune}, as moby's ImagesPrune takes them: {@code dangling} (default
 * true: only untagged images; false: every unused one), {@code label} / {@code label!} ({@code key} or
 * {@code key=value}: the image must / must not carry it), {@code until} (created before that time). Any other name,
 * or a value that does not parse, is a 400 before anything is deleted.
 */
public record ImagePruneFilters(boolean danglingOnly, List<String> labels, List<String> notLabels, Instant until) {
    private static final Set<String> KNOWN = Set.of("dangling", "label", "label!", "until");

    public static ImagePruneFilters parse(String filters, Instant now) {
        Map<String, List<String>> given = DockerFilters.parse(filters, KNOWN);
        boolean danglingOnly = true;
        for (String value : given.getOrDefault("dangling", List.of())) {
            if (value.equalsIgnoreCase("true") || value.equals("1")) {
                danglingOnly = true;
            } else if (value.equalsIgnoreCase("false") || value.equals("0")) {
                danglingOnly = false;
            } else {
                throw BerthException.invalid("invalid filter 'dangling=" + value + "'");
            }
        }
        return new ImagePruneFilters(danglingOnly, given.getOrDefault("label", List.of()),
                given.getOrDefault("label!", List.of()), DockerTimestamps.untilFilter(given, now));
    }

    /** Whether an unused image with these tags, labels and creation time goes. */
    public boolean accepts(boolean tagged, Map<String, String> imageLabels, Instant created) {
        if (danglingOnly && tagged) {
            return false;
        }
        if (until != null && (created == null || !created.isBefore(until))) {
            return false;
        }
        return LabelFilter.matchesAll(imageLabels, labels) && LabelFilter.matchesNone(imageLabels, notLabels);
    }
}
