package dev.berth.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.HealthcheckSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void configMergesTheImagesAndBuildsTheProbe() throws Exception {
        var merged = HealthConfig.merge(JSON.readTree("{\"Interval\": 1000000000}"),
                JSON.readTree("{\"Test\": [\"CMD-SHELL\", \"true\"], \"Retries\": 5}"));
        HealthConfig c = HealthConfig.of(JSON.createObjectNode().set("Healthcheck", merged));
        assertEquals(List.of("/bin/sh", "-c", "true"), c.command());
        assertEquals(Duration.ofSeconds(1), c.interval());
        assertEquals(5, c.retries());
        assertEquals(Duration.ofSeconds(30), c.timeout());
        assertNull(HealthConfig.of(JSON.readTree("{\"Healthcheck\": {\"Test\": [\"NONE\"]}}")));
        assertNull(HealthConfig.of(JSON.readTree("{}")));
    }

    @Test
    void aShellProbeRunsInConfigShell() throws Exception {
        HealthConfig c = HealthConfig.of(JSON.readTree("{\"Shell\": [\"/bin/ash\", \"-eo\"],"
                + " \"Healthcheck\": {\"Test\": [\"CMD-SHELL\", \"test\", \"-f /ok\"]}}"));
        assertEquals(List.of("/bin/ash", "-eo", "test -f /ok"), c.command());
        assertEquals(3, c.retries());
        assertEquals(Duration.ofSeconds(5), c.startInterval());
    }

    @Test
    void checksAsMoby() {
        assertEquals("Interval in Healthcheck cannot be less than 1ms", assertThrows(BerthException.class,
                () -> HealthConfig.check(new HealthcheckSpec(List.of("CMD", "x"), 999_999, 0, 0, 0, 0)))
                .getMessage());
        assertEquals("Retries in Healthcheck cannot be negative", assertThrows(BerthException.class,
                () -> HealthConfig.check(new HealthcheckSpec(List.of("CMD", "x"), 0, 0, 0, 0, -1))).getMessage());
        HealthConfig.check(null);
    }

    @Test
    void statusFollowsProbeResults() throws Exception {
        HealthConfig c = HealthConfig.of(JSON.readTree(
                "{\"Healthcheck\": {\"Test\": [\"CMD\", \"x\"], \"Retries\": 2, \"StartPeriod\": 10000000000}}"));
        Instant started = Instant.parse("2026-01-01T00:00:00Z");
        String h = HealthState.starting(null);
        h = HealthState.record(h, c, started, started.plusSeconds(1), started.plusSeconds(1), 1, "no");
        assertEquals("starting", HealthState.status(h));
        assertEquals(0, HealthState.tree(h).get("FailingStreak").asInt(), "inside the start period");
        h = HealthState.record(h, c, started, started.plusSeconds(11), started.plusSeconds(11), 1, "no");
        h = HealthState.record(h, c, started, started.plusSeconds(12), started.plusSeconds(12), 1, "no");
        assertEquals("unhealthy", HealthState.status(h));
        for (int i = 0; i < 4; i++) {
            h = HealthState.record(h, c, started, started.plusSeconds(20 + i), started.plusSeconds(20 + i), 0, "ok");
        }
        assertEquals("healthy", HealthState.status(h));
        assertEquals(5, HealthState.tree(h).get("Log").size());
        assertEquals("ok", HealthState.tree(h).get("Log").get(4).get("Output").asText());
    }
}
