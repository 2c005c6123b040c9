package dev.berth.network.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPruneFiltersTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final OffsetDateTime HOUR_AGO = OffsetDateTime.ofInstant(NOW.minusSeconds(3600), ZoneOffset.UTC);

    @Test
    void labelsMustAndMustNotBeThere() {
        var f = NetworkPruneFilters.parse("{\"label\":[\"tier\"],\"label!\":[\"keep=yes\"]}", NOW);
        assertTrue(f.accepts(Map.of("tier", "web"), HOUR_AGO));
        assertFalse(f.accepts(Map.of("tier", "web", "keep", "yes"), HOUR_AGO));
        assertFalse(f.accepts(Map.of(), HOUR_AGO));
    }

    @Test
    void untilKeepsNetworksMadeAfterIt() {
        var f = NetworkPruneFilters.parse("{\"until\":[\"30m\"]}", NOW);
        assertTrue(f.accepts(Map.of(), HOUR_AGO));
        assertFalse(f.accepts(Map.of(), OffsetDateTime.ofInstant(NOW.minusSeconds(60), ZoneOffset.UTC)));
    }

    @Test
    void filtersThatPruneDoesNotKnowAreRefusedNotIgnored() {
        for (String filters : new String[] {"{\"name\":[\"x\"]}", "{\"dangling\":[\"true\"]}", "{\"until\":[\"soon\"]}"}) {
            BerthException e = assertThrows(BerthException.class, () -> NetworkPruneFilters.parse(filters, NOW));
            assertEquals(400, e.kind().status(), filters);
        }
    }
}
