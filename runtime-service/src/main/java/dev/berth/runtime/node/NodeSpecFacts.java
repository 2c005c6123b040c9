package dev.berth.runtime.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's facts a container's OCI spec needs, read through {@link KernelFiles}: the hard RLIMIT_NOFILE (from
 * /proc/self/limits) and the CPUs' thermal_throttle directories in /sys (moby masks them).
 */
public final class NodeSpecFacts {
    private static final Path LIMITS = Path.of("/proc/self/limits");
    private static final Path CPUS = Path.of("/sys/devices/system/cpu");

    private NodeSpecFacts() {
    }

    /** The hard RLIMIT_NOFILE of this process; 1024 when it cannot be read. */
    public static long nofileHardLimit(KernelFiles kernel) {
        try {
            for (String line : kernel.lines(LIMITS)) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return "unlimited".equals(f[1]) ? OciSpecWriter.DEFAULT_NOFILE : Long.parseLong(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 1024;
    }

    /** /sys/devices/system/cpu/cpuN/thermal_throttle of every possible CPU that has one, sorted by name. */
    public static List<String> thermalThrottlePaths(KernelFiles kernel) {
        List<String> paths = new ArrayList<>();
        try {
            for (int cpu : cpuList(kernel.read(CPUS.resolve("possible")).orElse("").strip())) {
                Path tt = CPUS.resolve("cpu" + cpu).resolve("thermal_throttle");
                if (kernel.exists(tt)) {
                    paths.add(tt.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            // none
        }
        paths.sort(null);
        return paths;
    }

    /** The kernel's CPU list format: "0-3,8". */
    static List<Integer> cpuList(String list) {
        List<Integer> out = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).strip());
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).strip());
            for (int i = from; i <= to; i++) {
                out.add(i);
            }
        }
        return out;
    }
}
