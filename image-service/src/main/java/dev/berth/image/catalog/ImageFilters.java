package dev.berth.image.catalog;

import dev.berth.common.errors.BerthException;
import dev.berth.common.json.DockerFilters;
import dev.berth.common.json.LabelFilter;
import dev.berth.image.reference.Reference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code filters} of {@code GET /images/json}: {@code reference} (globs on the familiar name or name:tag),
 * {@code dangling}, {@code label} ({@code key} or {@code key=value}), {@code before} / {@code since} (images created
 * before / after the named image's creation time; the earliest {@code before} and latest {@code since} win). Both JSON forms are accepted:
 * {@code {"reference":["busybox"]}} and the legacy {@code {"reference":{"busybox":true}}}.
 */
public record ImageFilters(List<String> references, Boolean dangling, List<String> labels, List<String> before,
        List<String> since) {
    private static final Set<String> KNOWN = Set.of("reference", "dangling", "label", "before", "since", "until");

    public static ImageFilters parse(String filters) {
        Map<String, List<String>> given = DockerFilters.parse(filters, KNOWN);
        Boolean dangling = null;
        for (String value : given.getOrDefault("dangling", List.of())) {
            if (value.equalsIgnoreCase("true") || value.equals("1")) {
                dangling = Boolean.TRUE;
            } else if (value.equalsIgnoreCase("false") || value.equals("0")) {
                dangling = Boolean.FALSE;
            } else {
                throw BerthException.invalid("invalid filter 'dangling=" + value + "'");
            }
        }
        return new ImageFilters(given.getOrDefault("reference", List.of()), dangling,
                given.getOrDefault("label", List.of()), given.getOrDefault("before", List.of()),
                given.getOrDefault("since", List.of()));
    }

    public boolean acceptsTagState(boolean tagged) {
        return dangling == null || dangling != tagged;
    }

    public boolean acceptsLabels(Map<String, String> imageLabels) {
        return LabelFilter.matchesAll(imageLabels, labels);
    }

    public boolean hasReferenceFilter() {
        return !references.isEmpty();
    }

    /** Docker's FamiliarMatch: the glob matches {@code name:tag} or just the familiar name. */
    public boolean matchesReference(Reference ref) {
        for (String pattern : references) {
            Pattern glob = glob(pattern);
            if (glob.matcher(ref.familiar()).matches() || glob.matcher(ref.familiarName()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Go's path.Match: {@code *} and {@code ?} do not cross {@code /}; {@code [...]} classes. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String cls = pattern.substring(i + 1, end);
                        if (cls.startsWith("^")) {
                            cls = "^" + cls.substring(1).replace("\\", "\\\\");
                        } else {
                            cls = cls.replace("\\", "\\\\");
                        }
                        re.append('[').append(cls).append(']');
                        i = end;
                    }
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
