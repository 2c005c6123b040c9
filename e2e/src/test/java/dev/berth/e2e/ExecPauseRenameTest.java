package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static dev.berth.e2e.DockerCli.dockerWithInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docker exec (and later pause, rename, top) through the docker CLI. */
class ExecPauseRenameTest {
    private final String name = "e2e-x-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeLeftovers() {
        docker("rm", "-f", name);
    }

    private void runSleeper() {
        docker("run", "-d", "--name", name, "--network", "none", "-e", "FROM_RUN=yes", "busybox", "sleep", "1000").ok();
    }

    @Test
    void execPrintsOutputAndPassesTheExitCode() {
        runSleeper();
        DockerCli.Result hi = docker("exec", name, "echo", "hi");
        assertEquals(0, hi.exit(), hi.err());
        assertEquals("hi\n", hi.out());
        DockerCli.Result four = docker("exec", name, "sh", "-c", "echo out; echo err >&2; exit 4");
        assertEquals(4, four.exit(), four.err());
        assertEquals("out\n", four.out());
        assertTrue(four.err().contains("err"), four.err());
    }

    /** An exec without stdin or TTY runs under runc exec directly: all its output arrives, a signal is 128 + it. */
    @Test
    void execRelaysLargeOutputAndReportsAKillAsDockerd() {
        runSleeper();
        DockerCli.Result seq = docker("exec", name, "sh", "-c", "seq 1 200000; echo done >&2");
        assertEquals(0, seq.exit(), seq.err());
        assertEquals(200000, seq.out().lines().count());
        assertTrue(seq.out().endsWith("\n200000\n"), seq.out().substring(Math.max(0, seq.out().length() - 40)));
        assertEquals("done\n", seq.err());
        DockerCli.Result killed = docker("exec", name, "sh", "-c", "kill -9 $$");
        assertEquals(137, killed.exit(), killed.err());
    }

    @Test
    void execStdinReachesTheProcess() {
        runSleeper();
        DockerCli.Result cat = dockerWithInput("x\n".getBytes(StandardCharsets.UTF_8), "exec", "-i", name, "cat");
        assertEquals(0, cat.exit(), cat.err());
        assertEquals("x\n", cat.out());
    }

    @Test
    void execInheritsTheContainerEnvironmentUnlessOverridden() {
        runSleeper();
        DockerCli.Result env = docker("exec", "-e", "EXTRA=1", "-w", "/tmp", "-u", "1:1", name, "sh", "-c",
                "echo $FROM_RUN $EXTRA $(pwd) $(id -u)");
        assertEquals(0, env.exit(), env.err());
        assertEquals("yes 1 /tmp 1\n", env.out());
        assertEquals("CapEff:\t00000000a80425fb", docker("exec", name, "grep", "CapEff", "/proc/self/status").ok().trimmed());
    }

    @Test
    void execWithTtyAndDetached() {
        runSleeper();
        assertEquals("/dev/pts/0", docker("exec", "-t", name, "tty").ok().trimmed());
        docker("exec", "-d", name, "sh", "-c", "echo detached > /tmp/d").ok();
        String got = "";
        for (int i = 0; i < 50 && !got.equals("detached"); i++) {
            got = docker("exec", name, "sh", "-c", "cat /tmp/d 2>/dev/null").out().trim();
        }
        assertEquals("detached", got);
    }

    @Test
    void execOfAMissingCommandFailsLikeDocker() {
        runSleeper();
        DockerCli.Result missing = docker("exec", name, "no-such-command");
        assertEquals(127, missing.exit(), missing.err());
        assertTrue((missing.out() + missing.err()).contains("executable file not found"), missing.out() + missing.err());
    }

    @Test
    void execOnAStoppedContainerIsRefused() {
        docker("create", "--name", name, "--network", "none", "busybox", "true").ok();
        DockerCli.Result refused = docker("exec", name, "echo", "hi");
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("is not running"), refused.err());
    }

    @Test
    void pauseFreezesAndUnpauseThaws() {
        runSleeper();
        docker("pause", name).ok();
        String status = docker("ps", "--filter", "name=^/" + name + "$", "--format", "{{.Status}}").ok().trimmed();
        assertTrue(status.startsWith("Up ") && status.endsWith("(Paused)"), status);
        assertEquals("true paused", docker("inspect", "-f", "{{.State.Paused}} {{.State.Status}}", name).ok().trimmed());
        DockerCli.Result again = docker("pause", name);
        assertNotEquals(0, again.exit());
        assertTrue(again.err().contains("is already paused"), again.err());
        DockerCli.Result exec = docker("exec", name, "echo", "hi");
        assertNotEquals(0, exec.exit());
        assertTrue(exec.err().contains("is paused"), exec.err());
        docker("unpause", name).ok();
        assertEquals("false running", docker("inspect", "-f", "{{.State.Paused}} {{.State.Status}}", name).ok().trimmed());
        DockerCli.Result notPaused = docker("unpause", name);
        assertNotEquals(0, notPaused.exit());
        assertTrue(notPaused.err().contains("is not paused"), notPaused.err());
        assertEquals("hi", docker("exec", name, "echo", "hi").ok().trimmed());
    }

    @Test
    void aPausedContainerCanBeForceRemoved() {
        runSleeper();
        docker("pause", name).ok();
        docker("rm", "-f", name).ok();
        assertNotEquals(0, docker("inspect", name).exit());
    }

    @Test
    void renameThenInspectByTheNewName() {
        runSleeper();
        String renamed = name + "-new";
        try {
            docker("rename", name, renamed).ok();
            assertEquals("/" + renamed, docker("inspect", "-f", "{{.Name}}", renamed).ok().trimmed());
            assertNotEquals(0, docker("inspect", name).exit());
            docker("create", "--name", name, "--network", "none", "busybox", "true").ok();
            DockerCli.Result conflict = docker("rename", renamed, name);
            assertNotEquals(0, conflict.exit());
            assertTrue(conflict.err().contains("is already in use"), conflict.err());
            DockerCli.Result invalid = docker("rename", renamed, "bad name");
            assertNotEquals(0, invalid.exit());
            assertTrue(invalid.err().contains("Invalid container name"), invalid.err());
        } finally {
            docker("rm", "-f", renamed);
        }
    }

    @Test
    void topListsTheContainersProcesses() {
        runSleeper();
        DockerCli.Result top = docker("top", name).ok();
        String[] lines = top.out().split("\n");
        assertTrue(lines[0].matches("UID\\s+PID\\s+PPID\\s+C\\s+STIME\\s+TTY\\s+TIME\\s+CMD\\s*"), lines[0]);
        assertEquals(2, lines.length, top.out());
        assertTrue(lines[1].endsWith("sleep 1000"), lines[1]);
        DockerCli.Result custom = docker("top", name, "-o", "pid,comm").ok();
        assertTrue(custom.out().contains("sleep"), custom.out());
        docker("stop", "-t", "0", name).ok();
        DockerCli.Result stopped = docker("top", name);
        assertNotEquals(0, stopped.exit());
        assertTrue(stopped.err().contains("is not running"), stopped.err());
    }

    @Test
    void interactiveExecWithATerminal() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/script")),
                "needs util-linux script for a pseudo-terminal");
        runSleeper();
        ProcessBuilder pb = new ProcessBuilder("script", "-qec",
                "stty cols 120 rows 33; docker exec -it " + name + " sh", "/dev/null");
        pb.environment().put("DOCKER_HOST", DockerCli.HOST);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().write("echo in-tty $(tty) $(stty size)\nexit 3\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "docker exec -it did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("in-tty /dev/pts/0 33 120"), out);
    }

    @Test
    void execEventsCarryTheCommandAndTheExitCode() {
        runSleeper();
        long since = System.currentTimeMillis() / 1000 - 1;
        docker("exec", name, "sh", "-c", "exit 5");
        String events = "";
        for (int i = 0; i < 40 && !events.contains("exec_die"); i++) {
            events = docker("events", "--since", Long.toString(since), "--until",
                    Long.toString(System.currentTimeMillis() / 1000 + 1), "--filter", "container=" + name,
                    "--format", "{{.Action}}|{{index .Actor.Attributes \"exitCode\"}}").ok().out();
        }
        assertTrue(events.contains("exec_create: sh -c exit 5|"), events);
        assertTrue(events.contains("exec_start: sh -c exit 5|"), events);
        assertTrue(events.contains("exec_die|5"), events);
    }
}
