package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox in action: SIGKILL the embedded broker, run a container while it is down, start the
 * broker again with {@code ./berth up}, and every lifecycle event of that run is still delivered.
 */
class KafkaOutageTest {
    private static final Path RUN = Path.of(System.getenv().getOrDefault("BERTH_RUN", "/run/berth"));
    private static final Path ROOT = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();

    @Test
    void eventsOfARunDuringABrokerOutageAreNotLost() throws Exception {
        Path pidFile = RUN.resolve("kafka.pid");
        assumeTrue(Files.exists(pidFile), "the embedded broker is not running (external Kafka): nothing to kill");
        String name = "e2e-outage-" + UUID.randomUUID().toString().substring(0, 8);
        long since = System.currentTimeMillis() / 1000 - 1;

        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle broker = ProcessHandle.of(pid).orElseThrow();
        assumeTrue(broker.info().commandLine().orElse("").contains("kafka.Kafka"), "pid file is stale");
        broker.destroyForcibly();
        broker.onExit().get(30, TimeUnit.SECONDS);

        DockerCli.Result run = docker("run", "--rm", "--name", name, "--network", "none", "busybox", "sh", "-c",
                "exit 9");
        assertEquals(9, run.exit(), run.err());

        restartBroker();

        List<String> actions = List.of();
        for (int attempt = 0; attempt < 120 && !actions.contains("destroy"); attempt++) {
            long until = System.currentTimeMillis() / 1000 + 1;
            actions = docker("events", "--since", String.valueOf(since), "--until", String.valueOf(until),
                    "--filter", "container=" + name, "--filter", "event=create", "--filter", "event=start",
                    "--filter", "event=die", "--filter", "event=destroy", "--format", "{{.Action}}")
                    .ok().out().lines().toList();
            Thread.sleep(500);
        }
        assertEquals(List.of("create", "start", "die", "destroy"), actions);
    }

    private static void restartBroker() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("berth").toString(), "up").inheritIO();
        // `berth test` exports the embedded broker's address; given explicitly, `up` would take it for an
        // external cluster and not start the broker again
        builder.environment().remove("BERTH_KAFKA");
        Process up = builder.start();
        if (!up.waitFor(5, TimeUnit.MINUTES)) {
            up.destroyForcibly();
            throw new AssertionError("./berth up did not finish");
        }
        assertEquals(0, up.exitValue(), "./berth up failed");
    }
}
