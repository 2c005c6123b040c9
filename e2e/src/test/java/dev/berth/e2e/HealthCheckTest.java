package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Health checks: State.Health, health_status events, ps status and filter, probe execs flagged in events. */
class HealthCheckTest {
    @Test
    void probesDriveHealthStatusEventsAndPs() {
        String name = "e2e-health-" + UUID.randomUUID().toString().substring(0, 8);
        long since = System.currentTimeMillis() / 1000 - 1;
        try {
            docker("run", "-d", "--name", name, "--network", "none", "--health-cmd", "cat /tmp/ok",
                    "--health-interval", "200ms", "--health-retries", "2", "--health-timeout", "2s",
                    "busybox", "sleep", "300").ok();
            assertEquals("unhealthy", Events.inspectUntil(name, "{{.State.Health.Status}}", "unhealthy", 10_000));
            docker("exec", name, "sh", "-c", "echo fine > /tmp/ok").ok();
            assertEquals("healthy", Events.inspectUntil(name, "{{.State.Health.Status}}", "healthy", 10_000));
            com.fasterxml.jackson.databind.JsonNode h = json(docker("inspect", "-f", "{{json .State.Health}}", name)
                    .ok().trimmed());
            assertEquals(0, h.get("FailingStreak").asInt());
            com.fasterxml.jackson.databind.JsonNode log = h.get("Log");
            assertTrue(log.size() >= 1 && log.size() <= 5, log.toString());
            com.fasterxml.jackson.databind.JsonNode last = log.get(log.size() - 1);
            assertEquals(0, last.get("ExitCode").asInt());
            assertEquals("fine\n", last.get("Output").asText());
            assertTrue(!last.get("Start").asText().isEmpty() && !last.get("End").asText().isEmpty());
            String ps = docker("ps", "--filter", "health=healthy", "--format", "{{.Names}} {{.Status}}").ok().out();
            assertTrue(ps.contains(name + " Up") && ps.contains("(healthy)"), ps);
            assertTrue(!docker("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}").ok().out()
                    .contains(name));

            List<String> health = Events.until(since, "{{.Action}}", l -> l.contains("health_status: healthy"),
                    "container=" + name, "event=health_status");
            assertEquals(List.of("health_status: unhealthy", "health_status: healthy"), health);
            List<String> withoutProbes = Events.until(since, "{{.Action}}", l -> !l.isEmpty(),
                    "container=" + name, "event=exec_create", "healthcheck=false");
            assertEquals(List.of("exec_create: sh -c echo fine > /tmp/ok"), withoutProbes,
                    "healthcheck=false leaves only the user's exec");
            List<String> probes = Events.until(since, "{{.Action}}", l -> l.size() >= 3,
                    "container=" + name, "event=exec_create", "healthcheck=true");
            assertTrue(probes.size() >= 3 && probes.stream().allMatch("exec_create: /bin/sh -c cat /tmp/ok"::equals),
                    probes.toString());
        } finally {
            docker("rm", "-f", name);
        }
    }

    /** A probe past its timeout is killed and logged with exit code -1 and dockerd's words (not its output). */
    @Test
    void aProbePastItsTimeoutIsKilledAndLoggedAsDockerd() {
        String name = "e2e-health-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            docker("run", "-d", "--name", name, "--network", "none", "--health-cmd", "echo slow; exec sleep 7",
                    "--health-interval", "500ms", "--health-retries", "1", "--health-timeout", "300ms",
                    "busybox", "sleep", "300").ok();
            assertEquals("unhealthy", Events.inspectUntil(name, "{{.State.Health.Status}}", "unhealthy", 10_000));
            com.fasterxml.jackson.databind.JsonNode log = json(docker("inspect", "-f", "{{json .State.Health.Log}}",
                    name).ok().trimmed());
            com.fasterxml.jackson.databind.JsonNode first = log.get(0);
            assertEquals(-1, first.get("ExitCode").asInt(), log.toString());
            assertEquals("Health check exceeded timeout (300ms)", first.get("Output").asText());
            String top = docker("top", name).ok().out();
            assertTrue(top.lines().filter(l -> l.contains("sleep 7")).count() <= 1,
                    "the timed-out probes were killed: " + top);
        } finally {
            docker("rm", "-f", name);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    @Test
    void noHealthcheckAndBadFlags() {
        String name = "e2e-nohealth-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            docker("create", "--name", name, "--network", "none", "--no-healthcheck", "busybox", "true").ok();
            assertEquals("[NONE]", docker("inspect", "-f", "{{.Config.Healthcheck.Test}}", name).ok().trimmed());
            assertEquals("<nil>", docker("inspect", "-f", "{{.State.Health}}", name).ok().trimmed());
        } finally {
            docker("rm", "-f", name);
        }
        DockerCli.Result bad = docker("run", "--rm", "--network", "none", "--health-cmd", "true",
                "--health-retries", "-1", "busybox", "true");
        assertEquals(125, bad.exit());
    }
}
