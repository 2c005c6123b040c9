package dev.berth.build.cache;

import dev.berth.build.dockerfile.GoDuration;
import dev.berth.common.errors.BerthException;
import dev.berth.common.json.DockerFilters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What {@code POST /build/prune} asks for, with dockerd's (BuildKit's) rules: without {@code all} only records not
 * shared with a kept image go, with it every record that is not in use; {@code filters} narrow that down
 * ({@code until}/{@code unused-for}: unused for at least that Go duration; {@code id}: a regular expression;
 * {@code parent}, {@code type}, {@code description}: equal; {@code inuse}, {@code shared}, {@code private}:
 * that state), one value each; {@code keep-storage} (or {@code reserved-space}, {@code max-used-space}) keeps
 * the most recently used records that fit in that many bytes.
 */
public record CachePrune(boolean all, long keepBytes, Map<String, String> filters) {
    private static final Set<String> KNOWN = Set.of("until", "unused-for", "id", "parent", "type", "description",
            "inuse", "shared", "private");

    public static CachePrune parse(boolean all, long keepBytes, String filtersJson) {
        Map<String, String> filters = new java.util.LinkedHashMap<>();
        DockerFilters.parse(filtersJson, KNOWN).forEach((name, values) -> {
            if (values.size() > 1) {
                throw BerthException.invalid("filters expect only one value");
            }
            filters.put(name, values.isEmpty() ? "" : values.get(0));
        });
        for (String name : List.of("until", "unused-for")) {
            if (filters.containsKey(name)) {
                try {
                    GoDuration.parse(filters.get(name));
                } catch (IllegalArgumentException e) {
                    throw BerthException.invalid("\"" + name + "\" filter expects a duration (e.g., '24h'): "
                            + e.getMessage());
                }
            }
        }
        if (filters.containsKey("id")) {
            try {
                Pattern.compile(filters.get("id"));
            } catch (PatternSyntaxException e) {
                throw BerthException.invalid("invalid id filter: " + e.getDescription());
            }
        }
        return new CachePrune(all, Math.max(0, keepBytes), filters);
    }

    /** The entries to delete, of all the cache's entries ({@code parents}: record id → its parent record's id). */
    public List<CacheUsage.Entry> select(List<CacheUsage.Entry> entries, Map<String, String> parents, Instant now) {
        List<CacheUsage.Entry> selected = new ArrayList<>();
        for (CacheUsage.Entry e : entries) {
            if (!e.record().inUse() && (all || !e.shared()) && matches(e, parents.get(e.record().id()), now)) {
                selected.add(e);
            }
        }
        if (keepBytes == 0) {
            return selected;
        }
        selected.sort(Comparator.comparing((CacheUsage.Entry e) -> e.record().lastUsed()).reversed());
        long kept = 0;
        List<CacheUsage.Entry> out = new ArrayList<>();
        for (CacheUsage.Entry e : selected) {
            if (kept + e.size() <= keepBytes) {
                kept += e.size();
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private boolean matches(CacheUsage.Entry e, String parent, Instant now) {
        CacheRecord r = e.record();
        for (Map.Entry<String, String> f : filters.entrySet()) {
            String v = f.getValue();
            boolean ok = switch (f.getKey()) {
                case "until", "unused-for" -> !r.lastUsed().isAfter(now.minus(duration(v)));
                case "id" -> Pattern.compile(v).matcher(r.id()).find();
                case "parent" -> v.equals(parent);
                case "type" -> v.equals("regular");
                case "description" -> v.equals(r.instruction());
                case "inuse" -> r.inUse();
                case "shared" -> e.shared();
                default -> !e.shared(); // private
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Duration duration(String text) {
        return GoDuration.parse(text);
    }
}
