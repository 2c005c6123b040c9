package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The walking skeleton's container slice, exactly as a user types it. */
class ContainerLifecycleTest {
    private final String name = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeLeftovers() {
        docker("rm", "-f", name);
    }

    @Test
    void runRemovePrintsHelloAndLeavesNothing() {
        DockerCli.Result result = docker("run", "--rm", "--name", name, "--network", "none", "busybox", "echo", "hello");
        assertEquals(0, result.exit(), result.err());
        assertEquals("hello\n", result.out());
        assertEquals("", docker("ps", "-aq", "--filter", "name=^/" + name + "$").ok().trimmed(),
                "--rm must remove the container");
    }

    @Test
    void exitCodeIsPassedOnAndShownByPs() {
        DockerCli.Result result = docker("run", "--name", name, "--network", "none", "busybox", "sh", "-c", "exit 3");
        assertEquals(3, result.exit(), result.err());
        String status = docker("ps", "-a", "--filter", "name=^/" + name + "$", "--format", "{{.Status}}").ok().trimmed();
        assertTrue(status.startsWith("Exited (3)"), status);
        assertEquals("3", docker("inspect", "-f", "{{.State.ExitCode}}", name).ok().trimmed());
        docker("rm", name).ok();
        DockerCli.Result gone = docker("inspect", name);
        assertNotEquals(0, gone.exit());
    }

    @Test
    void stdoutAndStderrStayApart() {
        DockerCli.Result result = docker("run", "--rm", "--network", "none", "busybox", "sh", "-c",
                "echo to-out; echo to-err >&2");
        assertEquals(0, result.exit(), result.err());
        assertEquals("to-out\n", result.out());
        assertTrue(result.err().contains("to-err"), result.err());
        assertFalse(result.out().contains("to-err"));
    }

    @Test
    void createThenStartAttached() {
        String id = docker("create", "--name", name, "--network", "none", "busybox", "echo", "created-then-started")
                .ok().trimmed();
        assertEquals(64, id.length(), id);
        assertEquals("created", docker("inspect", "-f", "{{.State.Status}}", name).ok().trimmed());
        DockerCli.Result started = docker("start", "-a", name);
        assertEquals(0, started.exit(), started.err());
        assertEquals("created-then-started\n", started.out());
        assertEquals("exited", docker("inspect", "-f", "{{.State.Status}}", name).ok().trimmed());
    }

    @Test
    void detachedContainerStopsWithTermThenKill() {
        String id = docker("run", "-d", "--name", name, "--network", "none", "busybox", "sleep", "1000").ok().trimmed();
        assertEquals("true", docker("inspect", "-f", "{{.State.Running}}", id).ok().trimmed());
        assertTrue(docker("ps", "-q", "--no-trunc").ok().out().contains(id));
        long start = System.nanoTime();
        docker("stop", "-t", "1", name).ok();
        long millis = (System.nanoTime() - start) / 1_000_000;
        // sleep as PID 1 has no TERM handler, so stop has to wait for the timeout and then kill it
        assertTrue(millis >= 900, "stop returned after " + millis + " ms, before its timeout");
        assertEquals("137", docker("inspect", "-f", "{{.State.ExitCode}}", name).ok().trimmed());
        assertEquals("false", docker("inspect", "-f", "{{.State.Running}}", name).ok().trimmed());
        docker("rm", name).ok();
    }

    @Test
    void stopUsesSigtermFirst() {
        docker("run", "-d", "--name", name, "--network", "none", "busybox", "sh", "-c",
                "trap 'exit 42' TERM; while true; do sleep 0.1; done").ok();
        docker("stop", name).ok();
        assertEquals("42", docker("inspect", "-f", "{{.State.ExitCode}}", name).ok().trimmed());
    }

    @Test
    void nameConflictIsDockers409() {
        docker("create", "--name", name, "--network", "none", "busybox", "true").ok();
        DockerCli.Result again = docker("create", "--name", name, "--network", "none", "busybox", "true");
        assertNotEquals(0, again.exit());
        assertTrue(again.err().contains("Conflict. The container name \"/" + name + "\" is already in use"),
                again.err());
    }

    @Test
    void runningContainerCannotBeRemovedWithoutForce() {
        docker("run", "-d", "--name", name, "--network", "none", "busybox", "sleep", "1000").ok();
        DockerCli.Result refused = docker("rm", name);
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("cannot remove"), refused.err());
        docker("rm", "-f", name).ok();
        assertNotEquals(0, docker("inspect", name).exit());
    }

    @Test
    void containerIsIsolated() {
        DockerCli.Result result = docker("run", "--rm", "--network", "none", "busybox", "sh", "-c",
                "echo pid=$$; ls /sys/class/net | tr '\\n' ' '; echo; grep CapEff /proc/self/status;"
                        + " mount -t tmpfs none /mnt 2>&1 || echo mount-refused");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("pid=1"), result.out());
        assertTrue(result.out().contains("CapEff:\t00000000a80425fb"), result.out());
        assertTrue(result.out().contains("mount-refused"), result.out());
        assertFalse(result.out().contains("eth0"), result.out());
    }

    /**
     * docker-py's ModelTest.test_reload: kill, then start at once. dockerd's kill answers once the container has
     * stopped, and the start must not race the exit's cleanup (which unmounted the new rootfs: "exec: sleep:
     * executable file not found", or a 304 while the exit was not recorded yet). Plain HTTP, no CLI latency between.
     */
    @Test
    void startRightAfterKillStartsTheContainerAgain() throws Exception {
        docker("run", "-d", "--name", name, "busybox", "sleep", "1000").ok();
        for (int round = 0; round < 5; round++) {
            String killed = SystemApiTest.raw("POST /v1.41/containers/" + name + "/kill HTTP/1.1\r\nHost: berth\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n");
            assertTrue(killed.startsWith("HTTP/1.1 204"), "round " + round + ": " + killed);
            String state = SystemApiTest.raw("GET /v1.41/containers/" + name + "/json HTTP/1.1\r\nHost: berth\r\n"
                    + "Connection: close\r\n\r\n");
            assertTrue(state.contains("\"Running\":false"), "round " + round + ": still running after kill: " + state);
            String started = SystemApiTest.raw("POST /v1.41/containers/" + name + "/start HTTP/1.1\r\nHost: berth\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n");
            assertTrue(started.startsWith("HTTP/1.1 204"), "round " + round + ": " + started);
            assertEquals("true", docker("inspect", "-f", "{{.State.Running}}", name).ok().trimmed(), "round " + round);
        }
        assertEquals("sleep\n", docker("exec", name, "cat", "/proc/1/comm").ok().out());
    }
}
