package dev.berth.runtime.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code runc delete} does for a container whose processes are all gone, done in-process (a runc execution
 * costs 6–20 ms on the exit path of every container): remove its cgroup directories and its state directory.
 *
 * <p>It only acts when it can see that nothing of the container runs any more: the init process (pid and start time
 * from runc's state.json) is gone and every cgroup it listed has no process. Otherwise, and on any surprise, it
 * answers false and the caller runs {@code runc delete --force}, which kills what is left.
 */
public final class ExitedRuncState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExitedRuncState() {
    }

    /** True when runc knows nothing of {@code id} any more (nothing was there, or it is removed now). */
    public static boolean forget(KernelFiles kernel, Path runcRoot, String id) {
        Path dir = runcRoot.resolve(id);
        Path stateFile = dir.resolve("state.json");
        if (!Files.exists(dir)) {
            return true;
        }
        try {
            JsonNode state = JSON.readTree(Files.readAllBytes(stateFile));
            if (initAlive(kernel, state.path("init_process_pid").asLong(0), state.path("init_process_start").asText(""))) {
                return false;
            }
            List<Path> cgroups = new ArrayList<>();
            state.path("cgroup_paths").forEach(p -> cgroups.add(Path.of(p.asText())));
            for (Path cgroup : cgroups) {
                if (hasProcesses(kernel, cgroup)) {
                    return false;
                }
            }
            for (Path cgroup : cgroups) {
                // rmdir(2): refused by the kernel while a process is in it; a shared path listed twice
                // (cpu,cpuacct) or one never created is not there
                kernel.removeDir(cgroup);
            }
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean initAlive(KernelFiles kernel, long pid, String startTime) throws IOException {
        if (pid <= 0) {
            return false;
        }
        return kernel.read(Path.of("/proc", Long.toString(pid), "stat"))
                .map(stat -> startTime.equals(startTimeOf(stat))).orElse(false);
    }

    /** Field 22 of /proc/pid/stat; the command name (field 2) may hold spaces and parentheses. */
    static String startTimeOf(String stat) {
        int close = stat.lastIndexOf(')');
        String[] rest = stat.substring(close + 2).trim().split(" ");
        return rest.length > 19 ? rest[19] : "";
    }

    private static boolean hasProcesses(KernelFiles kernel, Path cgroup) throws IOException {
        return kernel.read(cgroup.resolve("cgroup.procs")).map(procs -> !procs.isBlank()).orElse(false);
    }
}
