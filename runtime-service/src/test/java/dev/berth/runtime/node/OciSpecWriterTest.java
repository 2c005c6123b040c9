package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciSpecWriterTest {
    final String id = "b".repeat(64);

    OciSpecWriter.SpecInput input(boolean hostNetwork, long nofile) {
        return new OciSpecWriter.SpecInput(id, "bbbbbbbbbbbb", List.of("echo", "hi"), List.of("PATH=/bin"), "",
                new UserResolver.User(0, 0, List.of()), false, Path.of("/c/merged"), false, hostNetwork,
                Path.of("/c/hosts"), Path.of("/c/resolv.conf"), Path.of("/c/hostname"), nofile, List.of(), null);
    }

    @SuppressWarnings("unchecked")
    @Test
    void dockerDefaults() {
        Map<String, Object> spec = OciSpecWriter.spec(input(false, 20000));
        Map<String, Object> process = (Map<String, Object>) spec.get("process");
        Map<String, Object> caps = (Map<String, Object>) process.get("capabilities");
        assertEquals(14, ((List<?>) caps.get("bounding")).size());
        assertEquals(caps.get("bounding"), caps.get("effective"));
        assertFalse(caps.containsKey("ambient"));
        assertTrue(((List<?>) caps.get("bounding")).contains("CAP_NET_RAW"));
        assertFalse(((List<?>) caps.get("bounding")).contains("CAP_SYS_ADMIN"));
        assertEquals(false, process.get("noNewPrivileges"));
        assertEquals("/", process.get("cwd"));
        Map<String, Object> rlimit = ((List<Map<String, Object>>) process.get("rlimits")).get(0);
        assertEquals(20000L, rlimit.get("hard"));
        Map<String, Object> linux = (Map<String, Object>) spec.get("linux");
        assertEquals("/berth/" + id, linux.get("cgroupsPath"));
        assertTrue(((List<?>) linux.get("maskedPaths")).contains("/proc/kcore"));
        assertTrue(((List<?>) linux.get("readonlyPaths")).contains("/proc/sys"));
        List<Map<String, Object>> ns = (List<Map<String, Object>>) linux.get("namespaces");
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"), ns.stream().map(n -> n.get("type")).toList());
        Map<String, Object> devices = ((List<Map<String, Object>>) ((Map<String, Object>) linux.get("resources"))
                .get("devices")).get(0);
        assertEquals(false, devices.get("allow"));
        assertNull(linux.get("seccomp"));
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) spec.get("mounts");
        List<Object> destinations = mounts.stream().map(m -> m.get("destination")).toList();
        assertTrue(destinations.containsAll(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup",
                "/dev/mqueue", "/dev/shm", "/etc/hosts", "/etc/resolv.conf", "/etc/hostname")));
        assertEquals("bbbbbbbbbbbb", spec.get("hostname"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void hostNetworkHasNoNetworkNamespaceAndNofileIsCapped() {
        Map<String, Object> spec = OciSpecWriter.spec(input(true, 5_000_000));
        List<Map<String, Object>> ns = (List<Map<String, Object>>) ((Map<String, Object>) spec.get("linux"))
                .get("namespaces");
        assertFalse(ns.stream().anyMatch(n -> n.get("type").equals("network")));
        Map<String, Object> rlimit = ((List<Map<String, Object>>) ((Map<String, Object>) spec.get("process"))
                .get("rlimits")).get(0);
        assertEquals(OciSpecWriter.DEFAULT_NOFILE, rlimit.get("hard"));
    }

    final List<String> passwd = List.of("root:x:0:0:root:/root:/bin/sh", "daemon:x:1:1::/:/bin/false",
            "www:x:33:34::/var/www:/bin/false");
    final List<String> group = List.of("root:x:0:", "daemon:x:1:", "www-data:x:34:", "web:x:500:www,daemon",
            "audio:x:29:www");

    @Test
    void userResolution() {
        assertEquals(new UserResolver.User(0, 0, List.of()), UserResolver.resolve(passwd, group, ""));
        assertEquals(new UserResolver.User(33, 34, List.of(500L, 29L)), UserResolver.resolve(passwd, group, "www"));
        assertEquals(new UserResolver.User(33, 34, List.of(500L, 29L)), UserResolver.resolve(passwd, group, "33"));
        assertEquals(new UserResolver.User(1234, 0, List.of()), UserResolver.resolve(passwd, group, "1234"));
        assertEquals(new UserResolver.User(33, 500, List.of()), UserResolver.resolve(passwd, group, "www:web"));
        assertEquals(new UserResolver.User(1, 7, List.of()), UserResolver.resolve(passwd, group, "daemon:7"));
        assertThrows(RuntimeException.class, () -> UserResolver.resolve(passwd, group, "nobody"));
        assertThrows(RuntimeException.class, () -> UserResolver.resolve(passwd, group, "www:nogroup"));
    }
}
