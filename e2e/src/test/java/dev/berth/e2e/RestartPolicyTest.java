package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Restart policies with Docker's semantics, including across a restart of runtime-service. */
class RestartPolicyTest {
    private static final Path RUN = Path.of(System.getenv().getOrDefault("BERTH_RUN", "/run/berth"));
    private static final Path ROOT = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void onFailureCountsAndStops() {
        String name = "e2e-onfail-" + tag();
        long since = System.currentTimeMillis() / 1000 - 1;
        try {
            docker("run", "-d", "--name", name, "--network", "none", "--restart", "on-failure:2", "busybox",
                    "sh", "-c", "exit 3").ok();
            assertEquals("exited 2 3", Events.inspectUntil(name,
                    "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}", "exited 2 3", 10_000));
            assertEquals("{on-failure 2}",
                    docker("inspect", "-f", "{{.HostConfig.RestartPolicy}}", name).ok().trimmed());
            List<String> events = Events.until(since, "{{.Action}}", l -> l.stream().filter("die"::equals).count() >= 3,
                    "container=" + name, "event=start", "event=die");
            assertEquals(List.of("start", "die", "start", "die", "start", "die"), events);
            // a start by the user resets the count
            docker("start", name).ok();
            assertEquals("exited 2", Events.inspectUntil(name, "{{.State.Status}} {{.RestartCount}}", "exited 2",
                    10_000));
        } finally {
            docker("rm", "-f", name);
        }
    }

    @Test
    void alwaysRestartsAfterTheProcessIsKilledButNotAfterDockerKill() throws Exception {
        String name = "e2e-always-" + tag();
        try {
            docker("run", "-d", "--name", name, "--network", "none", "--restart", "always", "busybox", "sleep", "300")
                    .ok();
            String pid = docker("inspect", "-f", "{{.State.Pid}}", name).ok().trimmed();
            new ProcessBuilder("kill", "-KILL", pid).start().waitFor(5, TimeUnit.SECONDS);
            assertEquals("running 1", Events.inspectUntil(name, "{{.State.Status}} {{.RestartCount}}", "running 1",
                    10_000));
            assertNotEquals(pid, docker("inspect", "-f", "{{.State.Pid}}", name).ok().trimmed());
            docker("kill", name).ok();
            Events.sleep(1000);
            assertEquals("exited 137 1", docker("inspect", "-f",
                    "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}", name).ok().trimmed(),
                    "a kill through the API is a manual stop");
        } finally {
            docker("rm", "-f", name);
        }
    }

    @Test
    void unlessStoppedStaysStoppedAndRestartingContainersCanBeRemoved() {
        String stopped = "e2e-unless-" + tag();
        String looping = "e2e-loop-" + tag();
        try {
            docker("run", "-d", "--name", stopped, "--network", "none", "--restart", "unless-stopped", "busybox",
                    "sleep", "300").ok();
            docker("stop", "-t", "1", stopped).ok();
            Events.sleep(700);
            assertEquals("exited 0", docker("inspect", "-f", "{{.State.Status}} {{.RestartCount}}", stopped).ok()
                    .trimmed());

            docker("run", "-d", "--name", looping, "--network", "none", "--restart", "always", "busybox", "false").ok();
            assertEquals("restarting", Events.inspectUntil(looping, "{{.State.Status}}", "restarting", 10_000));
            docker("rm", "-f", looping).ok();
            assertFalse(docker("ps", "-a", "--format", "{{.Names}}").ok().out().lines().anyMatch(looping::equals));
        } finally {
            docker("rm", "-f", stopped, looping);
        }
    }

    @Test
    void policiesApplyWhenRuntimeServiceComesBack() throws Exception {
        Path pidFile = RUN.resolve("pids").resolve("runtime-service.pid");
        assumeTrue(Files.exists(pidFile), "runtime-service was not started by ./berth");
        String t = tag();
        String always = "e2e-svc-always-" + t;
        String unless = "e2e-svc-unless-" + t;
        String exits = "e2e-svc-exits-" + t;
        String healthy = "e2e-svc-health-" + t;
        long since = System.currentTimeMillis() / 1000 - 1;
        try {
            docker("run", "-d", "--name", healthy, "--network", "none", "--health-cmd", "true", "--health-interval",
                    "300ms", "busybox", "sleep", "300").ok();
            assertEquals("healthy", Events.inspectUntil(healthy, "{{.State.Health.Status}}", "healthy", 10_000));
            docker("run", "-d", "--name", always, "--network", "none", "--restart", "always", "busybox", "sleep",
                    "300").ok();
            docker("stop", "-t", "0", always).ok();
            docker("run", "-d", "--name", unless, "--network", "none", "--restart", "unless-stopped", "busybox",
                    "sleep", "300").ok();
            docker("stop", "-t", "0", unless).ok();
            docker("run", "-d", "--name", exits, "--network", "none", "--restart", "on-failure", "busybox", "sh",
                    "-c", "if [ -e /ran ]; then sleep 300; fi; touch /ran; sleep 2; exit 4").ok();

            ProcessHandle service = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
            service.destroyForcibly();
            service.onExit().get(30, TimeUnit.SECONDS);
            Events.sleep(2500); // the third container exits while nobody watches
            Process up = new ProcessBuilder(ROOT.resolve("berth").toString(), "up").inheritIO().start();
            assertTrue(up.waitFor(5, TimeUnit.MINUTES), "./berth up did not finish");
            assertEquals(0, up.exitValue(), "./berth up failed");

            assertEquals("running", Events.inspectUntil(always, "{{.State.Status}}", "running", 15_000),
                    "always starts again with the daemon, even after a stop");
            assertEquals("exited", docker("inspect", "-f", "{{.State.Status}}", unless).ok().trimmed());
            assertEquals("running 1", Events.inspectUntil(exits, "{{.State.Status}} {{.RestartCount}}", "running 1",
                    15_000), "the exit while the service was down counts for on-failure");
            assertEquals(List.of("4"), Events.until(since, "{{.Actor.Attributes.exitCode}}", l -> !l.isEmpty(),
                    "container=" + exits, "event=die"));
            String lastProbe = docker("inspect", "-f", "{{json .State.Health.Log}}", healthy).ok().trimmed();
            String laterProbe = lastProbe;
            for (int i = 0; i < 50 && laterProbe.equals(lastProbe); i++) {
                Events.sleep(200);
                laterProbe = docker("inspect", "-f", "{{json .State.Health.Log}}", healthy).ok().trimmed();
            }
            assertNotEquals(lastProbe, laterProbe, "probes run again after the service's restart");
            assertEquals("healthy", docker("inspect", "-f", "{{.State.Health.Status}}", healthy).ok().trimmed());
            assertEquals(1, docker("ps", "-a", "--filter", "name=" + exits, "--format", "{{.Names}}").ok().out()
                    .lines().count(), "no duplicate");
        } finally {
            docker("rm", "-f", always, unless, exits, healthy);
        }
    }
}
