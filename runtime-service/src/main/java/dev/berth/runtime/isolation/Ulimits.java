package dev.berth.runtime.isolation;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.Ulimit;
import dev.berth.runtime.node.oci.Process;
import dev.berth.runtime.node.KernelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --ulimit} (HostConfig.Ulimits {@code [{Name, Soft, Hard}]}) → OCI {@code process.rlimits}. Each hard limit
 * is checked against this node's own hard limit (the service's, from /proc/self/limits), because runc can only
 * lower them: above it, runc fails at container init with an opaque "error setting rlimit type 7: operation not
 * permitted". berth answers a 400 naming the limit instead.
 */
public final class Ulimits {
    /** Docker's names → the OCI type and the /proc/self/limits row. */
    static final Map<String, String[]> TYPES = new LinkedHashMap<>();
    private static final Path LIMITS = Path.of("/proc/self/limits");

    static {
        TYPES.put("core", new String[] {"RLIMIT_CORE", "Max core file size"});
        TYPES.put("cpu", new String[] {"RLIMIT_CPU", "Max cpu time"});
        TYPES.put("data", new String[] {"RLIMIT_DATA", "Max data size"});
        TYPES.put("fsize", new String[] {"RLIMIT_FSIZE", "Max file size"});
        TYPES.put("locks", new String[] {"RLIMIT_LOCKS", "Max file locks"});
        TYPES.put("memlock", new String[] {"RLIMIT_MEMLOCK", "Max locked memory"});
        TYPES.put("msgqueue", new String[] {"RLIMIT_MSGQUEUE", "Max msgqueue size"});
        TYPES.put("nice", new String[] {"RLIMIT_NICE", "Max nice priority"});
        TYPES.put("nofile", new String[] {"RLIMIT_NOFILE", "Max open files"});
        TYPES.put("nproc", new String[] {"RLIMIT_NPROC", "Max processes"});
        TYPES.put("rss", new String[] {"RLIMIT_RSS", "Max resident set"});
        TYPES.put("rtprio", new String[] {"RLIMIT_RTPRIO", "Max realtime priority"});
        TYPES.put("rttime", new String[] {"RLIMIT_RTTIME", "Max realtime timeout"});
        TYPES.put("sigpending", new String[] {"RLIMIT_SIGPENDING", "Max pending signals"});
        TYPES.put("stack", new String[] {"RLIMIT_STACK", "Max stack size"});
        TYPES.put("as", new String[] {"RLIMIT_AS", "Max address space"});
    }

    private Ulimits() {
    }

    /** 400 for unknown names, soft above hard, or a hard limit above the node's. */
    public static void check(List<Ulimit> ulimits, Map<String, Long> nodeHard) {
        for (Ulimit u : ulimits) {
            if (!TYPES.containsKey(u.name())) {
                throw BerthException.invalid("invalid ulimit type: " + u.name());
            }
            if (u.soft() > u.hard()) {
                throw BerthException.invalid("invalid ulimit " + u.name() + "=" + u.soft() + ":" + u.hard()
                        + ": soft limit must be less than or equal to hard limit");
            }
            Long max = nodeHard.get(u.name());
            if (max != null && max >= 0 && u.hard() > max) {
                throw BerthException.invalid("invalid ulimit " + u.name() + "=" + u.soft() + ":" + u.hard()
                        + ": the hard limit " + u.hard() + " is above this node's hard limit of " + max
                        + " (a container can only lower it)");
            }
        }
    }

    /** The rlimits: the default NOFILE unless overridden, then every ulimit given. */
    public static List<Process.Rlimit> oci(List<Ulimit> ulimits, long defaultNofile) {
        Map<String, Process.Rlimit> byType = new LinkedHashMap<>();
        byType.put("RLIMIT_NOFILE", new Process.Rlimit("RLIMIT_NOFILE", defaultNofile, defaultNofile));
        for (Ulimit u : ulimits) {
            String type = TYPES.get(u.name())[0];
            byType.put(type, new Process.Rlimit(type, u.hard(), u.soft()));
        }
        return new ArrayList<>(byType.values());
    }

    /** This process's hard limits by Docker name (-1 for unlimited), from /proc/self/limits; none when unreadable. */
    public static Map<String, Long> nodeHardLimits(KernelFiles kernel) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            List<String> lines = kernel.lines(LIMITS);
            for (Map.Entry<String, String[]> t : TYPES.entrySet()) {
                for (String line : lines) {
                    if (line.startsWith(t.getValue()[1] + " ")) {
                        String[] f = line.substring(t.getValue()[1].length()).trim().split("\\s+");
                        out.put(t.getKey(), "unlimited".equals(f[1]) ? -1L : Long.parseLong(f[1]));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: no check
        }
        return out;
    }
}
