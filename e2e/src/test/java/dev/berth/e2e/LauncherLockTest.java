package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two {@code ./berth} commands on one instance do not race (issue 18): {@code up}, {@code down} and {@code purge}
 * take the instance's lock ({@code $BERTH_RUN.lock}) first. While another process holds it, a command waits, says
 * so, and gives up after {@code BERTH_LOCK_TIMEOUT} without doing anything: here on an instance directory of its
 * own that nothing else uses, so that no step of the command can touch the running berth.
 */
class LauncherLockTest {
    private static final Path ROOT = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
    private static final Path RUN = Path.of("/run/berth-locktest");
    private static final Path LOCK = Path.of(RUN + ".lock");

    private Process holder;

    @BeforeEach
    void holdTheLock() throws Exception {
        holder = new ProcessBuilder("flock", LOCK.toString(), "sleep", "60").start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (DockerCli.command(List.of("flock", "-n", LOCK.toString(), "true")).exit() == 0) {
            assertTrue(System.nanoTime() < deadline, "flock did not take " + LOCK);
            Thread.sleep(50);
        }
    }

    @AfterEach
    void release() throws Exception {
        holder.descendants().forEach(ProcessHandle::destroyForcibly); // flock's sleep holds the lock too
        holder.destroyForcibly().waitFor();
        Files.deleteIfExists(LOCK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "purge"})
    void waitsForTheHolderAndGivesUpWithoutDoingAnything(String command) throws Exception {
        long start = System.nanoTime();
        DockerCli.Result r = DockerCli.command(List.of("env", "BERTH_RUN=" + RUN,
                "BERTH_DATA=/nonexistent/berth-locktest", "BERTH_LOCK_TIMEOUT=2", ROOT.resolve("berth").toString(),
                command));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(75, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("another berth up or down runs on " + RUN + "; waiting"), r.err());
        assertTrue(r.err().contains("still held " + LOCK + " after 2 s; nothing was done"), r.err());
        assertTrue(waitedMs >= 2000, "gave up after " + waitedMs + " ms, not after the 2 s asked for");
        assertEquals("", r.out(), "no step ran");
        assertFalse(Files.exists(RUN), RUN + " was made");
        assertFalse(Files.exists(Path.of("/nonexistent/berth-locktest")));
    }
}
