package dev.berth.runtime.stats;

import dev.berth.runtime.node.KernelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sample of a container's resource use in Docker's stats JSON, from the cgroup files (v1: memory, cpuacct,
 * pids, blkio under {@code /sys/fs/cgroup/<controller>/berth/<id>}; v2: the unified {@code /sys/fs/cgroup/berth/<id>}),
 * the host's {@code /proc/stat} for system CPU time, and {@code /proc/<pid>/net/dev} for the container's network
 * namespace (loopback left out, as dockerd reports only the endpoints). Blocking.
 */
public final class CgroupStats {
    static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'");
    private static final long UNLIMITED_V1 = 0x7FFFFFFFFFFFF000L;
    private static final long CLOCK_TICK_NS = 10_000_000L; // USER_HZ = 100

    private final KernelFiles kernel;
    private final Path cgroupRoot;
    private final int onlineCpus;

    /** Reads through {@code kernel}; {@code onlineCpus} is Docker's online_cpus (this JVM's processors). */
    public CgroupStats(KernelFiles kernel, Path cgroupRoot, int onlineCpus) {
        this.kernel = kernel;
        this.cgroupRoot = cgroupRoot;
        this.onlineCpus = onlineCpus;
    }

    public static CgroupStats host(KernelFiles kernel) {
        return new CgroupStats(kernel, Path.of("/sys/fs/cgroup"), Runtime.getRuntime().availableProcessors());
    }

    boolean unified() {
        return kernel.exists(cgroupRoot.resolve("cgroup.controllers"));
    }

    /** The stats of a running container (pid > 0) or Docker's empty object for a stopped one. */
    public Map<String, Object> sample(String id, String name, int pid, Map<String, Object> previous) {
        Map<String, Object> s = new LinkedHashMap<>();
        Instant now = Instant.now();
        s.put("read", RFC3339_NANO.format(now.atOffset(ZoneOffset.UTC)));
        s.put("preread", previous == null ? "0001-01-01T00:00:00Z" : previous.get("read"));
        if (pid <= 0) {
            s.put("pids_stats", Map.of());
            s.put("blkio_stats", blkioEmpty());
            s.put("num_procs", 0);
            s.put("storage_stats", Map.of());
            s.put("cpu_stats", Map.of("cpu_usage", Map.of("total_usage", 0, "usage_in_kernelmode", 0,
                    "usage_in_usermode", 0), "throttling_data", throttling(0, 0, 0)));
            s.put("precpu_stats", s.get("cpu_stats"));
            s.put("memory_stats", Map.of());
            s.put("name", "/" + name);
            s.put("id", id);
            return s;
        }
        boolean v2 = unified();
        s.put("pids_stats", pids(id, v2));
        s.put("blkio_stats", v2 ? blkioV2(id) : blkioV1(id));
        s.put("num_procs", 0);
        s.put("storage_stats", Map.of());
        s.put("cpu_stats", cpu(id, v2));
        Object pre = previous == null ? null : previous.get("cpu_stats");
        s.put("precpu_stats", pre != null ? pre : Map.of("cpu_usage", Map.of("total_usage", 0,
                "usage_in_kernelmode", 0, "usage_in_usermode", 0), "throttling_data", throttling(0, 0, 0)));
        s.put("memory_stats", v2 ? memoryV2(id) : memoryV1(id));
        s.put("name", "/" + name);
        s.put("id", id);
        Map<String, Object> networks = networks(pid);
        if (!networks.isEmpty()) {
            s.put("networks", networks);
        }
        return s;
    }

    private Path v1(String controller, String id) {
        return cgroupRoot.resolve(controller).resolve("berth").resolve(id);
    }

    private Path v2(String id) {
        return cgroupRoot.resolve("berth").resolve(id);
    }

    private Map<String, Object> pids(String id, boolean v2) {
        Path dir = v2 ? v2(id) : v1("pids", id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("current", readLong(dir.resolve("pids.current")));
        String max = readString(dir.resolve("pids.max")).strip();
        if (!max.isEmpty() && !max.equals("max")) {
            m.put("limit", parseLong(max));
        }
        return m;
    }

    private Map<String, Object> cpu(String id, boolean v2) {
        Map<String, Object> usage = new LinkedHashMap<>();
        Map<String, Object> cpu = new LinkedHashMap<>();
        if (v2) {
            Map<String, Long> stat = keyValues(v2(id).resolve("cpu.stat"));
            usage.put("total_usage", stat.getOrDefault("usage_usec", 0L) * 1000);
            usage.put("usage_in_kernelmode", stat.getOrDefault("system_usec", 0L) * 1000);
            usage.put("usage_in_usermode", stat.getOrDefault("user_usec", 0L) * 1000);
            cpu.put("cpu_usage", usage);
            cpu.put("throttling_data", throttling(stat.getOrDefault("nr_periods", 0L),
                    stat.getOrDefault("nr_throttled", 0L), stat.getOrDefault("throttled_usec", 0L) * 1000));
        } else {
            Path acct = v1("cpuacct", id);
            usage.put("total_usage", readLong(acct.resolve("cpuacct.usage")));
            List<Long> perCpu = new ArrayList<>();
            for (String v : readString(acct.resolve("cpuacct.usage_percpu")).trim().split("\\s+")) {
                if (!v.isEmpty()) {
                    perCpu.add(parseLong(v));
                }
            }
            usage.put("percpu_usage", perCpu);
            Map<String, Long> stat = keyValues(acct.resolve("cpuacct.stat"));
            usage.put("usage_in_kernelmode", stat.getOrDefault("system", 0L) * CLOCK_TICK_NS);
            usage.put("usage_in_usermode", stat.getOrDefault("user", 0L) * CLOCK_TICK_NS);
            cpu.put("cpu_usage", usage);
            Map<String, Long> throttle = keyValues(v1("cpu", id).resolve("cpu.stat"));
            cpu.put("throttling_data", throttling(throttle.getOrDefault("nr_periods", 0L),
                    throttle.getOrDefault("nr_throttled", 0L), throttle.getOrDefault("throttled_time", 0L)));
        }
        cpu.put("system_cpu_usage", systemCpuNanos());
        cpu.put("online_cpus", onlineCpus);
        return cpu;
    }

    private static Map<String, Object> throttling(long periods, long throttled, long time) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("periods", periods);
        t.put("throttled_periods", throttled);
        t.put("throttled_time", time);
        return t;
    }

    private Map<String, Object> memoryV1(String id) {
        Path dir = v1("memory", id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usage", readLong(dir.resolve("memory.usage_in_bytes")));
        m.put("max_usage", readLong(dir.resolve("memory.max_usage_in_bytes")));
        m.put("stats", keyValues(dir.resolve("memory.stat")));
        long limit = readLong(dir.resolve("memory.limit_in_bytes"));
        m.put("limit", limit <= 0 || limit >= UNLIMITED_V1 ? hostMemory() : Math.min(limit, hostMemory()));
        m.put("failcnt", readLong(dir.resolve("memory.failcnt")));
        return m;
    }

    private Map<String, Object> memoryV2(String id) {
        Path dir = v2(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usage", readLong(dir.resolve("memory.current")));
        m.put("stats", keyValues(dir.resolve("memory.stat")));
        String max = readString(dir.resolve("memory.max")).strip();
        m.put("limit", max.isEmpty() || max.equals("max") ? hostMemory() : Math.min(parseLong(max), hostMemory()));
        return m;
    }

    private static Map<String, Object> blkioEmpty() {
        Map<String, Object> b = new LinkedHashMap<>();
        for (String k : List.of("io_service_bytes_recursive", "io_serviced_recursive", "io_queue_recursive",
                "io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive", "io_time_recursive",
                "sectors_recursive")) {
            b.put(k, null);
        }
        return b;
    }

    private Map<String, Object> blkioV1(String id) {
        Path dir = v1("blkio", id);
        Map<String, Object> b = blkioEmpty();
        b.put("io_service_bytes_recursive", blkioEntries(dir.resolve("blkio.throttle.io_service_bytes_recursive")));
        b.put("io_serviced_recursive", blkioEntries(dir.resolve("blkio.throttle.io_serviced_recursive")));
        return b;
    }

    /** Lines "8:0 Read 4096" (the "Total" lines left out). */
    List<Map<String, Object>> blkioEntries(Path file) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : readString(file).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3 || !f[0].contains(":")) {
                continue;
            }
            String[] dev = f[0].split(":");
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("major", parseLong(dev[0]));
            e.put("minor", parseLong(dev[1]));
            e.put("op", f[1]);
            e.put("value", parseLong(f[2]));
            out.add(e);
        }
        return out;
    }

    private Map<String, Object> blkioV2(String id) {
        Map<String, Object> b = blkioEmpty();
        List<Map<String, Object>> bytes = new ArrayList<>();
        for (String line : readString(v2(id).resolve("io.stat")).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !f[0].contains(":")) {
                continue;
            }
            String[] dev = f[0].split(":");
            for (int i = 1; i < f.length; i++) {
                String[] kv = f[i].split("=");
                if (kv.length == 2 && (kv[0].equals("rbytes") || kv[0].equals("wbytes"))) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("major", parseLong(dev[0]));
                    e.put("minor", parseLong(dev[1]));
                    e.put("op", kv[0].equals("rbytes") ? "read" : "write");
                    e.put("value", parseLong(kv[1]));
                    bytes.add(e);
                }
            }
        }
        b.put("io_service_bytes_recursive", bytes);
        return b;
    }

    /** /proc/<pid>/net/dev of the container's network namespace, without lo. */
    Map<String, Object> networks(int pid) {
        Map<String, Object> out = new LinkedHashMap<>();
        String dev = readString(Path.of("/proc", Integer.toString(pid), "net", "dev"));
        for (String line : dev.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            if (name.equals("lo")) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 16) {
                continue;
            }
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("rx_bytes", parseLong(f[0]));
            n.put("rx_packets", parseLong(f[1]));
            n.put("rx_errors", parseLong(f[2]));
            n.put("rx_dropped", parseLong(f[3]));
            n.put("tx_bytes", parseLong(f[8]));
            n.put("tx_packets", parseLong(f[9]));
            n.put("tx_errors", parseLong(f[10]));
            n.put("tx_dropped", parseLong(f[11]));
            out.put(name, n);
        }
        return out;
    }

    /** The host's CPU time in nanoseconds: the first line of /proc/stat, in clock ticks. */
    long systemCpuNanos() {
        String stat = readString(Path.of("/proc/stat"));
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                long ticks = 0;
                String[] f = line.trim().split("\\s+");
                for (int i = 1; i < f.length && i <= 8; i++) {
                    ticks += parseLong(f[i]);
                }
                return ticks * CLOCK_TICK_NS;
            }
        }
        return 0;
    }

    long hostMemory() {
        for (String line : readString(Path.of("/proc/meminfo")).split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    Map<String, Long> keyValues(Path file) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : readString(file).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                out.put(f[0], parseLong(f[1]));
            }
        }
        return out;
    }

    long readLong(Path file) {
        return parseLong(readString(file).strip());
    }

    /** The file's text; "" when it is missing or unreadable (a cgroup controller this host does not have). */
    String readString(Path file) {
        try {
            return kernel.read(file).orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
