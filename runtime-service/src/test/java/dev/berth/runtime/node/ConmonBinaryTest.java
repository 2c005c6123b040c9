package dev.berth.runtime.node;

import static dev.berth.runtime.node.TestFifos.noSpares;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The conmon binary is configuration (berth.conmon): the lean one `berth up` builds, for containers and execs. */
class ConmonBinaryTest {
    final NodePaths paths = new NodePaths(Path.of("/var/lib/berth"), Path.of("/run/berth"));
    final String id = "a".repeat(64);
    final String lean = "/var/lib/berth/bin/conmon";

    @Test
    void containersRunTheConfiguredConmon() {
        RecordingProcessRunner runner = new RecordingProcessRunner();
        new Conmon(runner, paths, new RecordingKernelFiles(), noSpares(runner), lean)
                .launch(new Conmon.Options(id, "web", paths.bundle(id), false, false));
        assertEquals(lean, runner.last().argv().get(4));
    }

    @Test
    void execsRunTheConfiguredConmon() {
        RecordingProcessRunner runner = new RecordingProcessRunner();
        Conmon conmon = new Conmon(runner, paths, new RecordingKernelFiles(), noSpares(runner), lean);
        Path dir = paths.bundle(id).resolve("exec").resolve("e".repeat(64));
        assertEquals(lean, conmon.execArgv(new Conmon.ExecOptions(id, "e".repeat(64), "web", dir, false, false)).get(4));
    }

    @Test
    void withoutConfigurationDebiansConmon() {
        RecordingProcessRunner runner = new RecordingProcessRunner();
        new Conmon(runner, paths, new RecordingKernelFiles(), noSpares(runner))
                .launch(new Conmon.Options(id, "web", paths.bundle(id), false, false));
        assertEquals("/usr/bin/conmon", runner.last().argv().get(4));
    }
}
