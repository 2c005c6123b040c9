package dev.berth.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupStatsTest {
    @TempDir
    Path tmp;

    @Test
    void readsCgroupV1Files() throws IOException {
        String id = "abc";
        write("memory/berth/abc/memory.usage_in_bytes", "1048576\n");
        write("memory/berth/abc/memory.limit_in_bytes", "33554432\n");
        write("memory/berth/abc/memory.stat", "cache 0\ntotal_inactive_file 4096\n");
        write("cpuacct/berth/abc/cpuacct.usage", "5000\n");
        write("cpuacct/berth/abc/cpuacct.usage_percpu", "2000 3000 \n");
        write("cpuacct/berth/abc/cpuacct.stat", "user 2\nsystem 1\n");
        write("pids/berth/abc/pids.current", "3\n");
        write("pids/berth/abc/pids.max", "max\n");
        write("blkio/berth/abc/blkio.throttle.io_service_bytes_recursive", "8:0 Read 4096\n8:0 Write 8192\nTotal 12288\n");
        Map<String, Object> s = new CgroupStats(tmp).sample(id, "n", 1, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> mem = (Map<String, Object>) s.get("memory_stats");
        assertEquals(1048576L, mem.get("usage"));
        assertEquals(33554432L, mem.get("limit"));
        @SuppressWarnings("unchecked")
        Map<String, Object> cpu = (Map<String, Object>) ((Map<String, Object>) s.get("cpu_stats")).get("cpu_usage");
        assertEquals(5000L, cpu.get("total_usage"));
        assertEquals(List.of(2000L, 3000L), cpu.get("percpu_usage"));
        assertEquals(10_000_000L, cpu.get("usage_in_kernelmode"));
        assertEquals(Map.of("current", 3L), s.get("pids_stats"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> io = (List<Map<String, Object>>) ((Map<String, Object>) s.get("blkio_stats"))
                .get("io_service_bytes_recursive");
        assertEquals(2, io.size());
        assertEquals("Write", io.get(1).get("op"));
        assertEquals("/n", s.get("name"));
    }

    private void write(String rel, String content) throws IOException {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
