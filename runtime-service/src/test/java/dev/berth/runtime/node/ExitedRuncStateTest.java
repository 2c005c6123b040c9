package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitedRuncStateTest {
    @TempDir
    Path root;

    @Test
    void nothingToForgetWhenRuncNeverKnewTheContainer() {
        assertTrue(ExitedRuncState.forget(KernelFiles.HOST, root, "abc"));
    }

    @Test
    void removesEmptyCgroupsAndTheStateOfAnExitedContainer() throws Exception {
        Path memory = Files.createDirectories(root.resolve("cg/memory/berth/abc"));
        Path pids = Files.createDirectories(root.resolve("cg/pids/berth/abc"));
        Files.writeString(memory.resolve("cgroup.procs"), "");
        Files.delete(memory.resolve("cgroup.procs")); // a real cgroupfs directory rmdirs with its control files
        writeState("abc", 0, "", memory, pids);

        assertTrue(ExitedRuncState.forget(KernelFiles.HOST, root.resolve("runc"), "abc"));

        assertFalse(Files.exists(memory));
        assertFalse(Files.exists(pids));
        assertFalse(Files.exists(root.resolve("runc/abc")));
    }

    @Test
    void leavesItToRuncWhileACgroupStillHasAProcess() throws Exception {
        Path memory = Files.createDirectories(root.resolve("cg/memory/berth/abc"));
        Files.writeString(memory.resolve("cgroup.procs"), "4242\n");
        writeState("abc", 0, "", memory);

        assertFalse(ExitedRuncState.forget(KernelFiles.HOST, root.resolve("runc"), "abc"));

        assertTrue(Files.exists(memory));
        assertTrue(Files.exists(root.resolve("runc/abc/state.json")));
    }

    @Test
    void leavesItToRuncWhileTheInitProcessLives() throws Exception {
        long self = ProcessHandle.current().pid();
        String start = ExitedRuncState.startTimeOf(Files.readString(Path.of("/proc/self/stat")));
        writeState("abc", self, start);

        assertFalse(ExitedRuncState.forget(KernelFiles.HOST, root.resolve("runc"), "abc"));
        assertTrue(Files.exists(root.resolve("runc/abc/state.json")));
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsNotTheInit() throws Exception {
        writeState("abc", ProcessHandle.current().pid(), "1");

        assertTrue(ExitedRuncState.forget(KernelFiles.HOST, root.resolve("runc"), "abc"));
    }

    @Test
    void asksTheKernelSeamWhetherTheInitLivesAndRemovesItsCgroupsThere() throws Exception {
        RecordingKernelFiles kernel = new RecordingKernelFiles()
                .with("/proc/4242/stat", "4242 (sh) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 777 1 1")
                .with("/sys/fs/cgroup/memory/berth/abc/cgroup.procs", "");
        writeState("abc", 4242, "777", Path.of("/sys/fs/cgroup/memory/berth/abc"));
        assertFalse(ExitedRuncState.forget(kernel, root.resolve("runc"), "abc"), "its init still runs");
        assertEquals(List.of(), kernel.changes());

        kernel.with("/proc/4242/stat", "4242 (other) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 999 1 1");
        assertTrue(ExitedRuncState.forget(kernel, root.resolve("runc"), "abc"), "the pid was reused");
        assertEquals(List.of("rmdir /sys/fs/cgroup/memory/berth/abc"), kernel.changes());
        assertFalse(Files.exists(root.resolve("runc/abc")));
    }

    @Test
    void startTimeIsField22EvenWhenTheCommandNameHasSpacesAndParentheses() {
        String stat = "77 (a (b) c) S 1 77 77 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200";
        assertEquals("987654", ExitedRuncState.startTimeOf(stat));
    }

    private void writeState(String id, long pid, String start, Path... cgroups) throws Exception {
        Path dir = Files.createDirectories(root.resolve("runc").resolve(id));
        StringBuilder paths = new StringBuilder();
        String[] names = {"memory", "pids", "cpu"};
        for (int i = 0; i < cgroups.length; i++) {
            paths.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\":\"").append(cgroups[i]).append('"');
        }
        Files.writeString(dir.resolve("state.json"), "{\"id\":\"" + id + "\",\"init_process_pid\":" + pid
                + ",\"init_process_start\":\"" + start + "\",\"cgroup_paths\":{" + paths + "}}");
    }
}
