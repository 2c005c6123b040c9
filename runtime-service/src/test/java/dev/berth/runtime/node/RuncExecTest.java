package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuncExecTest {
    @TempDir
    Path dir;

    private final RecordingProcessRunner runner = new RecordingProcessRunner();
    private final RuncExec exec = new RuncExec(runner, Path.of("/run/berth/runtime/runc"));

    @Test
    void runsRuncExecInTheForegroundWithItsPidFileAndJsonLog() throws Exception {
        exec.start("c1", dir);
        assertEquals(List.of(Runc.BINARY, "--root", "/run/berth/runtime/runc", "--log", dir.resolve("runc.log").toString(),
                "--log-format", "json", "exec", "--process", dir.resolve("process.json").toString(),
                "--pid-file", dir.resolve("pid").toString(), "c1"), runner.last().argv());
        assertEquals(dir, runner.last().cwd());
    }

    @Test
    void aStartedProcessExitsWithItsOwnCodeAndShowsItsPid() throws Exception {
        Files.writeString(dir.resolve("pid"), "4242");
        runner.thenPiped(new RecordingProcessRunner.PipedScript("out", "err", 3));
        RuncExec.Running running = exec.start("c1", dir);
        assertEquals(3, running.exit().get());
        assertTrue(running.started());
        assertEquals(4242, running.pid());
    }

    @Test
    void withoutAPidFileTheExitIsRuncsFailureWithTheMessageItLogged() throws Exception {
        Files.writeString(dir.resolve("runc.log"), "{\"level\":\"warning\",\"msg\":\"noise\"}\n"
                + "{\"level\":\"error\",\"msg\":\"exec failed: unable to start container process: exec: \\\"nosuch\\\": "
                + "executable file not found in $PATH\",\"time\":\"2026-12-03T12:37:59Z\"}\n");
        runner.thenPiped(new RecordingProcessRunner.PipedScript("", "exec failed: ...\n", 255));
        RuncExec.Running running = exec.start("c1", dir);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> running.exit().get());
        assertInstanceOf(ExecLauncher.ExecFailed.class, failed.getCause());
        assertEquals("exec failed: unable to start container process: exec: \"nosuch\": executable file not found in $PATH",
                failed.getCause().getMessage());
        assertFalse(running.started());
        assertEquals(0, running.pid());
    }

    @Test
    void aFailureWithoutALogNamesRuncsExitCode() {
        runner.thenPiped(new RecordingProcessRunner.PipedScript("", "", 1));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> exec.start("c1", dir).exit().get());
        assertEquals("runc exec failed (exit 1)", failed.getCause().getMessage());
    }
}
