package dev.berth.runtime.node;

import static dev.berth.runtime.node.TestFifos.noSpares;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NodeCommandsTest {
    final NodePaths paths = new NodePaths(Path.of("/var/lib/berth"), Path.of("/run/berth"));
    final String id = "a".repeat(64);

    @Test
    void conmonArgvFollowsTheVerifiedRecipe() {
        RecordingProcessRunner runner = new RecordingProcessRunner();
        Conmon conmon = new Conmon(runner, paths, new RecordingKernelFiles(), noSpares(runner));
        Path bundle = paths.bundle(id);
        int pid = conmon.launch(new Conmon.Options(id, "web", bundle, true, true));
        assertEquals(4242, pid);
        ProcessRunner.Command c = runner.last();
        assertEquals(List.of("/bin/sh", "-c", "exec \"$@\" 3>&1 >/dev/null", "sh", "/usr/bin/conmon"),
                c.argv().subList(0, 5));
        String joined = String.join(" ", c.argv());
        assertTrue(joined.contains("--api-version 1 -c " + id + " -u " + id + " -n web"));
        assertTrue(joined.contains("-r /usr/sbin/runc --runtime-arg --root --runtime-arg /run/berth/runtime/runc"));
        assertTrue(joined.contains("--exit-dir /run/berth/runtime/exits"));
        assertTrue(joined.contains("--persist-dir " + bundle));
        assertTrue(joined.contains("--socket-dir-path /run/berth/runtime/s"));
        assertTrue(joined.contains("-l k8s-file:" + bundle + "/ctr.log"));
        assertTrue(joined.contains("-P " + bundle + "/conmon.pid"));
        assertTrue(c.argv().contains("--syslog"));
        assertTrue(c.argv().contains("--log-size-max"));
        assertTrue(c.argv().contains("-i"));
        assertTrue(c.argv().contains("-t"));
        assertFalse(c.argv().contains("-s"));
        assertEquals("3", c.env().get("_OCI_SYNCPIPE"));
        assertEquals(bundle, c.cwd());
    }

    @Test
    void conmonsSyncFifoIsPlacedBeforeConmonStarts() {
        RecordingProcessRunner runner = new RecordingProcessRunner();
        new Conmon(runner, paths, new RecordingKernelFiles(), noSpares(runner))
                .launch(new Conmon.Options(id, "x", paths.bundle(id), false, false));
        assertEquals(2, runner.commands().size());
        assertEquals(List.of("mkfifo", "-m", "0600", paths.bundle(id).resolve("syncpipe").toString()),
                runner.commands().get(0).argv());
        assertEquals("/usr/bin/conmon", runner.commands().get(1).argv().get(4));
    }

    @Test
    void conmonWithoutStdinOrTty() {
        RecordingProcessRunner runner = new RecordingProcessRunner();
        new Conmon(runner, paths, new RecordingKernelFiles(), noSpares(runner)).launch(new Conmon.Options(id, "x", paths.bundle(id), false, false));
        assertFalse(runner.last().argv().contains("-i"));
        assertFalse(runner.last().argv().contains("-t"));
    }

    @Test
    void conmonFailureCarriesRuncMessage() {
        RecordingProcessRunner runner = new RecordingProcessRunner().thenSync(new ProcessRunner.SyncResult(0,
                "{\"data\": -1, \"message\": \"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"exec: \\\\\\\"nope\\\\\\\": "
                        + "executable file not found in $PATH\\\"}\"}", ""));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Conmon(runner, paths, new RecordingKernelFiles(), noSpares(runner)).launch(new Conmon.Options(id, "x", paths.bundle(id), false, false)));
        assertTrue(e.getMessage().contains("executable file not found"), e.getMessage());
    }

    @Test
    void runcLogfmtMessages() {
        assertEquals("runc create failed: exec: \"nope\": executable file not found in $PATH",
                Conmon.runcMessage("time=\"2026-11-23T17:56:25Z\" level=error msg=\"runc create failed: exec: "
                        + "\\\"nope\\\": executable file not found in $PATH\"\n"));
    }

    @Test
    void conmonWithoutALine() {
        RecordingProcessRunner runner = new RecordingProcessRunner()
                .thenSync(new ProcessRunner.SyncResult(1, null, "conmon: bad flag"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Conmon(runner, paths, new RecordingKernelFiles(), noSpares(runner)).launch(new Conmon.Options(id, "x", paths.bundle(id), false, false)));
        assertTrue(e.getMessage().contains("bad flag"));
    }

    @Test
    void runcUsesItsOwnRoot() {
        RecordingProcessRunner runner = new RecordingProcessRunner();
        Runc runc = new Runc(runner, paths.runcRoot());
        runc.start(id);
        assertEquals(List.of("/usr/sbin/runc", "--root", "/run/berth/runtime/runc", "start", id), runner.last().argv());
        runc.kill(id, "TERM");
        assertEquals(List.of("/usr/sbin/runc", "--root", "/run/berth/runtime/runc", "kill", id, "TERM"),
                runner.last().argv());
        runc.delete(id, true);
        assertEquals(List.of("/usr/sbin/runc", "--root", "/run/berth/runtime/runc", "delete", "--force", id),
                runner.last().argv());
    }

    @Test
    void runcStateAsksRuncOnlyWhenItHasAStateDirectory(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        RecordingProcessRunner runner = new RecordingProcessRunner()
                .thenReturn(new ProcessRunner.Result(0, "{\"status\":\"running\"}", ""));
        Runc runc = new Runc(runner, root);
        assertEquals(null, runc.state(id));
        assertTrue(runner.commands().isEmpty(), "no runc for a container it does not know");
        java.nio.file.Files.createDirectories(root.resolve(id));
        assertEquals("{\"status\":\"running\"}", runc.state(id));
        assertEquals(List.of("/usr/sbin/runc", "--root", root.toString(), "state", id), runner.last().argv());
    }

    @Test
    void runcStartFailureThrows() {
        RecordingProcessRunner runner = new RecordingProcessRunner()
                .thenReturn(new ProcessRunner.Result(1, "", "container not created"));
        assertThrows(ProcessRunner.HostCommandException.class, () -> new Runc(runner, paths.runcRoot()).start(id));
    }

    @Test
    void overlayMountUsesRelativeLowerDirsAndTheLayersRootAsCwd() {
        RecordingProcessRunner runner = new RecordingProcessRunner();
        Path c = paths.bundle(id);
        new OverlayMounts(runner, new RecordingKernelFiles()).mount(paths.layers(), List.of("top", "bottom"), c.resolve("upper"),
                c.resolve("work"), c.resolve("merged"));
        ProcessRunner.Command cmd = runner.last();
        assertEquals(paths.layers(), cmd.cwd());
        assertEquals(List.of("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=top:bottom,upperdir=" + c.resolve("upper") + ",workdir=" + c.resolve("work")
                        + ",redirect_dir=off,index=off,metacopy=off",
                c.resolve("merged").toString()), cmd.argv());
    }

    @Test
    void overlayRejectsTooManyLayersAndOddNames() {
        assertThrows(IllegalArgumentException.class,
                () -> OverlayMounts.options(List.of("/abs"), Path.of("/u"), Path.of("/w")));
        assertThrows(IllegalArgumentException.class,
                () -> OverlayMounts.options(java.util.Collections.nCopies(300, "0123456789abcdef"), Path.of("/u"),
                        Path.of("/w")));
        assertThrows(IllegalArgumentException.class, () -> OverlayMounts.options(List.of(), Path.of("/u"),
                Path.of("/w")));
    }

    @Test
    void mountinfoParsing() {
        List<String> info = List.of("36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 - ext3 /dev/root rw",
                "40 30 0:50 / /var/lib/berth/runtime/containers/x/merged rw - overlay overlay rw,lowerdir=a");
        assertTrue(OverlayMounts.isMountPoint(info, Path.of("/mnt/with space")));
        assertTrue(OverlayMounts.isMountPoint(info, Path.of("/var/lib/berth/runtime/containers/x/merged")));
        assertFalse(OverlayMounts.isMountPoint(info, Path.of("/var/lib/berth")));
    }

    @Test
    void exitFiles() {
        assertEquals(OptionalInt.of(3), ExitFiles.parse("3"));
        assertEquals(OptionalInt.of(137), ExitFiles.parse("137\n"));
        assertEquals(OptionalInt.empty(), ExitFiles.parse(""));
        assertEquals(OptionalInt.empty(), ExitFiles.parse("x"));
        assertTrue(ExitFiles.isContainerId(id));
        assertFalse(ExitFiles.isContainerId("abc"));
    }

    @Test
    void signals() {
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(15, Signals.parse("TERM"));
        assertEquals(9, Signals.parse("9"));
        assertEquals(9, Signals.parse("kill"));
        assertEquals(34, Signals.parse("SIGRTMIN"));
        assertThrows(RuntimeException.class, () -> Signals.parse("SIGNOPE"));
        assertThrows(RuntimeException.class, () -> Signals.parse("99"));
    }
}
