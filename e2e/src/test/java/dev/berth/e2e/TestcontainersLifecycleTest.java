package dev.berth.e2e;

import static dev.berth.e2e.TestcontainersGenericTest.BUSYBOX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HealthCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.output.WaitingConsumer;
import org.testcontainers.containers.startupcheck.MinimumDurationRunningStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Testcontainers' life-cycle pieces against berth: a log-message wait and log consumers that keep stdout and stderr
 * apart; a health-check wait; binds and tmpfs; a restart through docker-java; a container that dies at start-up
 * reported at once.
 */
class TestcontainersLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void logWaitAndConsumersKeepStdoutAndStderrApart() throws Exception {
        RecordingLogger logger = new RecordingLogger("container");
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "echo out-1; echo err-1 >&2; sleep 1; echo ready; echo err-2 >&2; "
                        + "echo out-2; exec sleep 1000")
                .withLogConsumer(new Slf4jLogConsumer(logger).withSeparateOutputStreams())
                .waitingFor(Wait.forLogMessage("ready\\n", 1))) {
            long t0 = System.nanoTime();
            c.start();
            assertTrue(System.nanoTime() - t0 >= 900_000_000L, "start() waited for the log line");

            ToStringConsumer out = new ToStringConsumer();
            ToStringConsumer err = new ToStringConsumer();
            WaitingConsumer outDone = new WaitingConsumer();
            WaitingConsumer errDone = new WaitingConsumer();
            c.followOutput(outDone.andThen(out), OutputType.STDOUT);
            c.followOutput(errDone.andThen(err), OutputType.STDERR);
            outDone.waitUntil(f -> f.getUtf8String().contains("out-2"), 10, TimeUnit.SECONDS);
            errDone.waitUntil(f -> f.getUtf8String().contains("err-2"), 10, TimeUnit.SECONDS);
            assertEquals("out-1\nready\nout-2\n", out.toUtf8String());
            assertEquals("err-1\nerr-2\n", err.toUtf8String());

            assertEquals("out-1\nready\nout-2\n", c.getLogs(OutputType.STDOUT));
            assertEquals("err-1\nerr-2\n", c.getLogs(OutputType.STDERR));

            // Slf4jLogConsumer with separate streams: stdout at INFO, stderr at ERROR
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (logger.at(Level.INFO).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of("out-1", "ready", "out-2"), logger.at(Level.INFO));
            assertEquals(List.of("err-1", "err-2"), logger.at(Level.ERROR));
        }
    }

    @Test
    void healthcheckWait() {
        long ms = 1_000_000L;
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "sleep 1; touch /tmp/ok; exec sleep 1000")
                .withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(new HealthCheck()
                        .withTest(List.of("CMD-SHELL", "test -f /tmp/ok")).withInterval(200 * ms)
                        .withTimeout(2000 * ms).withRetries(30)))
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofSeconds(30)))) {
            c.start();
            InspectContainerResponse.ContainerState state = c.getCurrentContainerInfo().getState();
            assertEquals("healthy", state.getHealth().getStatus());
            assertTrue(state.getHealth().getLog().stream().anyMatch(l -> l.getExitCodeLong() == 0),
                    state.getHealth().getLog().toString());
        }
    }

    @Test
    void bindsAndTmpfs() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path rw = Files.createDirectory(dir.resolve("rw"));
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.writeString(ro.resolve("in.txt"), "from-host-" + tag + "\n");
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withFileSystemBind(rw.toString(), "/rw", BindMode.READ_WRITE)
                .withFileSystemBind(ro.toString(), "/ro", BindMode.READ_ONLY)
                .withTmpFs(Map.of("/scratch", "rw,size=1m"))
                .withCommand("sleep", "1000")) {
            c.start();
            assertEquals("from-host-" + tag + "\n", c.execInContainer("cat", "/ro/in.txt").getStdout());
            assertNotEquals(0, c.execInContainer("sh", "-c", "echo x > /ro/new").getExitCode(), "read-only bind");
            assertEquals(0, c.execInContainer("sh", "-c", "echo from-container > /rw/out.txt").getExitCode());
            assertEquals("from-container\n", Files.readString(rw.resolve("out.txt")));

            String mounts = c.execInContainer("cat", "/proc/mounts").getStdout();
            String scratch = mounts.lines().filter(l -> l.split(" ")[1].equals("/scratch")).findFirst()
                    .orElseThrow(() -> new AssertionError(mounts));
            assertTrue(scratch.startsWith("tmpfs /scratch tmpfs rw"), scratch);
            assertTrue(scratch.contains("size=1024k"), scratch);
            assertEquals(0, c.execInContainer("sh", "-c", "echo t > /scratch/t").getExitCode());
        }
    }

    @Test
    void restartThroughDockerJava() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "echo started; exec sleep 1000")
                .waitingFor(Wait.forLogMessage("started\\n", 1))) {
            c.start();
            DockerClient client = DockerClientFactory.instance().client();
            String firstStart = client.inspectContainerCmd(c.getContainerId()).exec().getState().getStartedAt();
            client.restartContainerCmd(c.getContainerId()).withTimeout(0).exec();
            InspectContainerResponse after = client.inspectContainerCmd(c.getContainerId()).exec();
            assertTrue(after.getState().getRunning(), after.getState().toString());
            assertNotEquals(firstStart, after.getState().getStartedAt());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!c.getLogs().equals("started\nstarted\n") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("started\nstarted\n", c.getLogs());
            assertEquals(0, c.execInContainer("true").getExitCode(), "running again");
        }
    }

    @Test
    void containerThatExitsFailsStartQuickly() {
        DockerClientFactory.instance().client(); // Testcontainers' one-time set-up is not part of what is timed
        GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "echo broken-config >&2; exit 3")
                // Testcontainers' default check inspects once; a container still running at that instant passes it
                // and the log wait then runs its full time (dockerd alike). The documented check for a container
                // that may die just after start watches it for a while: berth must report the exit promptly.
                .withStartupCheckStrategy(new MinimumDurationRunningStartupCheckStrategy(Duration.ofSeconds(2)))
                .waitingFor(Wait.forLogMessage("never printed\\n", 1).withStartupTimeout(Duration.ofSeconds(120)));
        try (c) {
            long t0 = System.nanoTime();
            ContainerLaunchException e = assertThrows(ContainerLaunchException.class, c::start);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            // the container's exit is seen at once, long before the wait strategy's two minutes
            assertTrue(seconds < 30, "reported after " + seconds + " s: " + e);
            StringBuilder causes = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                causes.append(t).append('\n');
            }
            assertTrue(causes.toString().contains("Container did not start correctly"), causes.toString());
        }
    }
}
