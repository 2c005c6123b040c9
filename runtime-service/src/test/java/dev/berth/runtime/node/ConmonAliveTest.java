package dev.berth.runtime.node;

import static dev.berth.runtime.node.TestFifos.noSpares;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a container's conmon still runs: its pid file, then that pid's command line, through the kernel seam. */
class ConmonAliveTest {
    final String id = "b".repeat(64);

    @TempDir
    Path tmp;

    @Test
    void aliveWhileThePidIsAConmonForThisContainer() throws Exception {
        NodePaths paths = new NodePaths(tmp, tmp.resolve("run"));
        RecordingKernelFiles kernel = new RecordingKernelFiles();
        Conmon conmon = new Conmon(new RecordingProcessRunner(), paths, kernel, noSpares(new RecordingProcessRunner()));
        assertFalse(conmon.alive(id), "no pid file");

        Files.createDirectories(paths.bundle(id));
        Files.writeString(paths.bundle(id).resolve("conmon.pid"), "77\n");
        assertFalse(conmon.alive(id), "the process is gone");

        kernel.with("/proc/77/cmdline", "/usr/bin/conmon\0-c\0" + id + "\0");
        assertTrue(conmon.alive(id));

        kernel.with("/proc/77/cmdline", "/usr/bin/conmon\0-c\0" + "c".repeat(64) + "\0");
        assertFalse(conmon.alive(id), "the pid was reused by another container's conmon");
    }
}
