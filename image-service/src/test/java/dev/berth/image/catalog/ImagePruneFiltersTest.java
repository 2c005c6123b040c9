package dev.berth.image.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImagePruneFiltersTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void refusesWhatMobyRefusesBeforeAnythingIsDeleted() {
        assertEquals("invalid filter 'reference'", message("{\"reference\":[\"busybox\"]}"));
        assertEquals("invalid filter 'dangling=maybe'", message("{\"dangling\":[\"maybe\"]}"));
        assertEquals("failed to parse value \"soon\" as a timestamp", message("{\"until\":[\"soon\"]}"));
        assertEquals("invalid filter", message("{\"label\":\"x\"}"));
    }

    @Test
    void danglingByDefaultAndNarrowedByLabelsAndUntil() {
        ImagePruneFilters none = ImagePruneFilters.parse(null, NOW);
        assertTrue(none.accepts(false, Map.of(), NOW));
        assertFalse(none.accepts(true, Map.of(), NOW));

        ImagePruneFilters all = ImagePruneFilters.parse("{\"dangling\":[\"false\"],\"until\":[\"1h\"],"
                + "\"label\":[\"tier\"],\"label!\":[\"keep=yes\"]}", NOW);
        Instant old = NOW.minusSeconds(7200);
        assertTrue(all.accepts(true, Map.of("tier", "web"), old));
        assertFalse(all.accepts(true, Map.of("tier", "web"), NOW.minusSeconds(60)), "younger than until");
        assertFalse(all.accepts(true, Map.of(), old), "without the label");
        assertFalse(all.accepts(true, Map.of("tier", "web", "keep", "yes"), old), "with the label!");
    }

    private static String message(String filters) {
        return assertThrows(BerthException.class, () -> ImagePruneFilters.parse(filters, NOW)).getMessage();
    }
}
