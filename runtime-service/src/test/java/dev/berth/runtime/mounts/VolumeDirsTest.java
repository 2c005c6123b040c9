package dev.berth.runtime.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.runtime.node.OverlayMounts;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.node.RecordingProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeDirsTest {
    @TempDir
    Path root;
    private final RecordingProcessRunner runner = new RecordingProcessRunner();
    private VolumeDirs dirs() {
        return new VolumeDirs(root, runner, new OverlayMounts(runner, new dev.berth.runtime.node.RecordingKernelFiles()));
    }

    @Test
    void aLateDestroyOfTheOldVolumeSparesTheNewOneOfTheSameName() throws Exception {
        VolumeDirs dirs = dirs();
        dirs.ensure("db", "id-1", Map.of());
        Files.writeString(dirs.data("db").resolve("old"), "x");
        dirs.ensure("db", "id-2", Map.of());
        assertFalse(Files.exists(dirs.data("db").resolve("old")), "a re-created volume starts empty");
        Files.writeString(dirs.data("db").resolve("new"), "y");
        dirs.destroy("db", "id-1");
        assertTrue(Files.exists(dirs.data("db").resolve("new")), "the destroy of id-1 must not touch id-2");
        dirs.destroy("db", "id-2");
        assertFalse(Files.exists(root.resolve("db")));
        dirs.destroy("db", "id-2"); // redelivered: nothing to do
    }

    @Test
    void usageCountsRegularFilesOnceAndIgnoresSymlinks() throws Exception {
        VolumeDirs dirs = dirs();
        dirs.ensure("v1", "id", Map.of());
        Path data = dirs.data("v1");
        Files.write(data.resolve("a"), new byte[1000]);
        Files.createLink(data.resolve("hard"), data.resolve("a"));
        Files.createSymbolicLink(data.resolve("link"), Path.of("/etc/passwd"));
        Files.createDirectories(data.resolve("sub"));
        Files.write(data.resolve("sub/b"), new byte[24]);
        assertEquals(Map.of("v1", 1024L), dirs.usage());
    }

    @Test
    void optionsMountTheFilesystemOnData() {
        VolumeDirs dirs = dirs();
        dirs.ensure("tv", "id", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m"));
        runner.thenReturn(new ProcessRunner.Result(0, "", ""));
        dirs.mountIfNeeded("tv", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m"));
        assertEquals(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dirs.data("tv").toString()),
                runner.last().argv());
    }
}
