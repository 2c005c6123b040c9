package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The restart drill: SIGKILL runtime-service while one container runs and another is about to exit. conmon keeps
 * both; after the service is back, the first is still running and the second's exit, which happened while the
 * service was down, is recorded with its code and its die event. A published port of a third container keeps
 * working across the restart. A container directory that a create cut short left behind (no container row) is
 * removed when the service comes back.
 */
class RuntimeRestartTest {
    private static final Path RUN = Path.of(System.getenv().getOrDefault("BERTH_RUN", "/run/berth"));
    private static final Path DATA = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"));
    private static final Path ROOT = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();

    @Test
    void containersSurviveASigkilledRuntimeService() throws Exception {
        Path pidFile = RUN.resolve("pids").resolve("runtime-service.pid");
        assumeTrue(Files.exists(pidFile), "runtime-service was not started by ./berth");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String runner = "e2e-keep-" + tag;
        String leaver = "e2e-leave-" + tag;
        String web = "e2e-restart-web-" + tag;
        long since = System.currentTimeMillis() / 1000 - 1;
        try {
            docker("run", "-d", "--name", runner, "--network", "none", "busybox", "sleep", "1000").ok();
            docker("run", "-d", "--name", leaver, "--network", "none", "busybox", "sh", "-c", "sleep 2; exit 7").ok();
            docker("run", "-d", "--name", web, "-p", "127.0.0.1::80", "busybox", "sh", "-c",
                    "echo still-" + tag + " > /tmp/index.html; exec httpd -f -p 80 -h /tmp").ok();
            String published = docker("port", web, "80/tcp").ok().trimmed();
            String url = "http://" + published + "/index.html";
            assertEquals("still-" + tag + "\n", Http.get(url));

            Path orphan = plantOrphanBundle();

            ProcessHandle service = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
            service.destroyForcibly();
            service.onExit().get(30, TimeUnit.SECONDS);
            Thread.sleep(3000); // the second container exits while nobody watches

            Process up = new ProcessBuilder(ROOT.resolve("berth").toString(), "up").inheritIO().start();
            assertTrue(up.waitFor(5, TimeUnit.MINUTES), "./berth up did not finish");
            assertEquals(0, up.exitValue(), "./berth up failed");

            assertEquals("running true", docker("inspect", "-f", "{{.State.Status}} {{.State.Running}}", runner)
                    .ok().trimmed());
            assertEquals("exited 7", docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", leaver)
                    .ok().trimmed());
            assertEquals("still-" + tag + "\n", Http.get(url), "published port after the restart");
            assertEquals(published, docker("port", web, "80/tcp").ok().trimmed());
            for (int attempt = 0; attempt < 100 && Files.exists(orphan); attempt++) {
                Thread.sleep(100);
            }
            assertFalse(Files.exists(orphan), "the cut-short create's directory " + orphan + " is removed");
            List<String> dies = List.of();
            for (int attempt = 0; attempt < 40 && dies.isEmpty(); attempt++) {
                dies = docker("events", "--since", String.valueOf(since), "--until",
                        String.valueOf(System.currentTimeMillis() / 1000 + 1), "--filter", "container=" + leaver,
                        "--filter", "event=die", "--format", "{{.Actor.Attributes.exitCode}}").ok().out().lines().toList();
                Thread.sleep(250);
            }
            assertEquals(List.of("7"), dies, "one die event with the code, no duplicate");
            docker("stop", "-t", "1", runner).ok();
            assertEquals("137", docker("inspect", "-f", "{{.State.ExitCode}}", runner).ok().trimmed());
        } finally {
            docker("rm", "-f", runner, leaver, web);
        }
    }

    /** A container directory as a create leaves it before its row commits, made an hour ago. */
    private static Path plantOrphanBundle() throws java.io.IOException {
        String id = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        Path bundle = DATA.resolve("runtime").resolve("containers").resolve(id);
        for (String dir : List.of("upper", "work", "merged")) {
            Files.createDirectories(bundle.resolve(dir));
        }
        Files.writeString(bundle.resolve("hostname"), id.substring(0, 12) + "\n");
        Files.setLastModifiedTime(bundle, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        return bundle;
    }
}
