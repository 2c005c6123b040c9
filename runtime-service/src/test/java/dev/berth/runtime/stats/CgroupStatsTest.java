package dev.berth.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.berth.runtime.node.RecordingKernelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Docker's stats JSON from recorded cgroup v1 and v2 files, /proc/stat, /proc/meminfo and /proc/pid/net/dev. */
class CgroupStatsTest {
    private static final String CG = "/sys/fs/cgroup/";
    private final RecordingKernelFiles kernel = new RecordingKernelFiles()
            .with("/proc/meminfo", "MemTotal:       65536 kB\nMemFree:        1024 kB\n")
            .with("/proc/stat", "cpu  100 0 50 1000 0 0 0 0 0 0\ncpu0 100 0 50 1000 0 0 0 0 0 0\n");
    private final CgroupStats stats = new CgroupStats(kernel, Path.of("/sys/fs/cgroup"), 4);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @Test
    void readsCgroupV1Files() {
        kernel.with(CG + "memory/berth/abc/memory.usage_in_bytes", "1048576\n")
                .with(CG + "memory/berth/abc/memory.limit_in_bytes", "33554432\n")
                .with(CG + "memory/berth/abc/memory.stat", "cache 0\ntotal_inactive_file 4096\n")
                .with(CG + "cpuacct/berth/abc/cpuacct.usage", "5000\n")
                .with(CG + "cpuacct/berth/abc/cpuacct.usage_percpu", "2000 3000 \n")
                .with(CG + "cpuacct/berth/abc/cpuacct.stat", "user 2\nsystem 1\n")
                .with(CG + "pids/berth/abc/pids.current", "3\n")
                .with(CG + "pids/berth/abc/pids.max", "max\n")
                .with(CG + "blkio/berth/abc/blkio.throttle.io_service_bytes_recursive",
                        "8:0 Read 4096\n8:0 Write 8192\nTotal 12288\n");
        Map<String, Object> s = stats.sample("abc", "n", 1, null);
        Map<String, Object> mem = map(s, "memory_stats");
        assertEquals(1048576L, mem.get("usage"));
        assertEquals(33554432L, mem.get("limit"));
        Map<String, Object> cpu = map(map(s, "cpu_stats"), "cpu_usage");
        assertEquals(5000L, cpu.get("total_usage"));
        assertEquals(List.of(2000L, 3000L), cpu.get("percpu_usage"));
        assertEquals(10_000_000L, cpu.get("usage_in_kernelmode"));
        assertEquals(Map.of("current", 3L), s.get("pids_stats"));
        List<?> io = (List<?>) map(s, "blkio_stats").get("io_service_bytes_recursive");
        assertEquals(2, io.size());
        assertEquals("Write", ((Map<?, ?>) io.get(1)).get("op"));
        assertEquals("/n", s.get("name"));
    }

    @Test
    void readsTheUnifiedHierarchyAndCapsTheLimitAtHostMemory() {
        kernel.with(CG + "cgroup.controllers", "cpu io memory pids\n")
                .with(CG + "berth/abc/memory.current", "2048\n")
                .with(CG + "berth/abc/memory.max", "max\n")
                .with(CG + "berth/abc/memory.stat", "anon 1024\nfile 1024\n")
                .with(CG + "berth/abc/cpu.stat", "usage_usec 7\nuser_usec 5\nsystem_usec 2\nnr_periods 4\n"
                        + "nr_throttled 1\nthrottled_usec 3\n")
                .with(CG + "berth/abc/pids.current", "2\n")
                .with(CG + "berth/abc/pids.max", "100\n")
                .with(CG + "berth/abc/io.stat", "8:0 rbytes=512 wbytes=1024 rios=1 wios=2\n");
        Map<String, Object> s = stats.sample("abc", "n", 1, null);
        Map<String, Object> mem = map(s, "memory_stats");
        assertEquals(2048L, mem.get("usage"));
        assertEquals(65536L * 1024, mem.get("limit"), "unlimited: the host's MemTotal");
        Map<String, Object> cpuStats = map(s, "cpu_stats");
        assertEquals(Map.of("total_usage", 7000L, "usage_in_kernelmode", 2000L, "usage_in_usermode", 5000L),
                cpuStats.get("cpu_usage"));
        assertEquals(Map.of("periods", 4L, "throttled_periods", 1L, "throttled_time", 3000L),
                cpuStats.get("throttling_data"));
        assertEquals(1150L * 10_000_000L, cpuStats.get("system_cpu_usage"), "the cpu line of /proc/stat, idle too");
        assertEquals(4, cpuStats.get("online_cpus"));
        assertEquals(Map.of("current", 2L, "limit", 100L), s.get("pids_stats"));
        List<?> io = (List<?>) map(s, "blkio_stats").get("io_service_bytes_recursive");
        assertEquals(List.of(Map.of("major", 8L, "minor", 0L, "op", "read", "value", 512L),
                Map.of("major", 8L, "minor", 0L, "op", "write", "value", 1024L)), io);
    }

    @Test
    void networksComeFromTheContainersNetDevWithoutLoopback() {
        kernel.with("/proc/77/net/dev", "Inter-|   Receive |  Transmit\n face |bytes packets errs drop fifo frame"
                + " compressed multicast|bytes packets errs drop fifo colls carrier compressed\n"
                + "    lo: 10 1 0 0 0 0 0 0 10 1 0 0 0 0 0 0\n"
                + "  eth0: 1500 12 1 2 0 0 0 0 900 9 3 4 0 0 0 0\n");
        Map<String, Object> s = stats.sample("abc", "n", 77, null);
        Map<String, Object> networks = map(s, "networks");
        assertEquals(List.of("eth0"), List.copyOf(networks.keySet()));
        assertEquals(Map.of("rx_bytes", 1500L, "rx_packets", 12L, "rx_errors", 1L, "rx_dropped", 2L,
                "tx_bytes", 900L, "tx_packets", 9L, "tx_errors", 3L, "tx_dropped", 4L), networks.get("eth0"));
    }

    @Test
    void aStoppedContainerGetsDockersEmptyObjectWithoutReadingTheKernel() {
        Map<String, Object> s = stats.sample("abc", "n", 0, null);
        assertEquals(Map.of(), s.get("memory_stats"));
        assertEquals(Map.of(), s.get("pids_stats"));
        assertFalse(s.containsKey("networks"));
        assertEquals("0001-01-01T00:00:00Z", s.get("preread"));
    }
}
