package dev.berth.build.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * base ← s1 ← s2 ← app (tagged), and base ← t1 ← t2 (an untagged build whose tag moved on); s1..t2 are cache
 * records.
 */
class CacheUsageTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final CacheUsage usage = new CacheUsage(Map.of(
            "base", new CacheUsage.Image("base", "", true, 1000, 0),
            "s1", new CacheUsage.Image("s1", "base", false, 1100, 0),
            "s2", new CacheUsage.Image("s2", "s1", false, 1100, 0),
            "app", new CacheUsage.Image("app", "s2", true, 1300, 0),
            "t1", new CacheUsage.Image("t1", "base", false, 1500, 0),
            "t2", new CacheUsage.Image("t2", "t1", false, 1700, 0),
            "orphan", new CacheUsage.Image("orphan", "removed-base", false, 1400, 1000)));
    private final List<CacheRecord> records = List.of(
            record("base", "s1", Duration.ofHours(5)), record("s1", "s2", Duration.ofHours(5)),
            record("s2", "app", Duration.ofHours(5)), record("base", "t1", Duration.ofMinutes(5)),
            record("t1", "t2", Duration.ofMinutes(5)), record("base", "gone", Duration.ofHours(1)));

    private static CacheRecord record(String parent, String child, Duration unused) {
        return new CacheRecord(parent, "key-" + child, child, "RUN make " + child, NOW.minus(unused),
                NOW.minus(unused), 0, false);
    }

    private CacheUsage.Entry entry(String child) {
        return usage.entries(records).stream().filter(e -> e.record().child().equals(child)).findFirst()
                .orElseThrow();
    }

    @Test
    void sizeIsTheStepsOwnLayerAndSharedMeansAKeptImageNeedsIt() {
        assertEquals(100, entry("s1").size());
        assertEquals(0, entry("s2").size(), "a metadata step adds no bytes");
        assertTrue(entry("s1").shared(), "the tagged app is built on it");
        assertTrue(entry("app").shared());
        assertEquals(500, entry("t1").size());
        assertFalse(entry("t1").shared());
        assertFalse(entry("t2").shared());
        assertFalse(entry("gone").present());
        assertEquals(400, usage.layerSize("orphan"), "without its parent: the bytes no other image shares");
    }

    @Test
    void anImageGoesOnlyWithEverythingBuiltOnIt() {
        assertEquals(Set.of("t1", "t2"), usage.removable(List.of("t1", "t2", "s1")));
        assertEquals(Set.of("t2"), usage.removable(List.of("t2")));
        assertEquals(Set.of(), usage.removable(List.of("t1")), "t2 stays, so its parent does");
        assertEquals(List.of("t2", "t1"), usage.leavesFirst(Set.of("t1", "t2")));
        assertEquals(Set.of("t1", "t2"), usage.withOrphanedParents(Set.of("t2"), Set.of()),
                "t1's record went earlier: it goes along with its last child");
        assertEquals(Set.of("t2"), usage.withOrphanedParents(Set.of("t2"), Set.of("t1")), "t1 still has a record");
    }

    @Test
    void withoutAllOnlyPrivateRecordsArePrunedAndFiltersNarrow() {
        List<CacheUsage.Entry> entries = usage.entries(records);
        assertEquals(Set.of("t1", "t2", "gone"), children(CachePrune.parse(false, 0, null).select(entries, Map.of(),
                NOW)));
        assertEquals(6, CachePrune.parse(true, 0, "").select(entries, Map.of(), NOW).size());
        assertEquals(Set.of("s1", "s2", "app", "gone"), children(CachePrune.parse(true, 0,
                "{\"until\":{\"30m\":true}}").select(entries, Map.of(), NOW)));
        assertEquals(Set.of("t1"), children(CachePrune.parse(false, 0, "{\"description\":[\"RUN make t1\"]}")
                .select(entries, Map.of(), NOW)));
        assertEquals(Set.of("t1"), children(CachePrune.parse(false, 200, null).select(entries, Map.of(),
                NOW)), "keep-storage keeps the newest records that fit (t2's 200 bytes)");
    }

    @Test
    void refusesWhatDockerdRefuses() {
        assertEquals("invalid filter 'label'", assertThrows(BerthException.class,
                () -> CachePrune.parse(false, 0, "{\"label\":{\"a\":true}}")).getMessage());
        assertTrue(assertThrows(BerthException.class, () -> CachePrune.parse(false, 0, "{\"until\":[\"yesterday\"]}"))
                .getMessage().startsWith("\"until\" filter expects a duration"));
        assertEquals("filters expect only one value", assertThrows(BerthException.class,
                () -> CachePrune.parse(false, 0, "{\"id\":[\"a\",\"b\"]}")).getMessage());
    }

    private static Set<String> children(List<CacheUsage.Entry> entries) {
        return Set.copyOf(entries.stream().map(e -> e.record().child()).toList());
    }
}
