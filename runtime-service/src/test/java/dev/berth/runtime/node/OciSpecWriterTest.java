package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.isolation.IsolationSpec;
import dev.berth.runtime.node.oci.Isolation;
import dev.berth.runtime.node.oci.Mount;
import dev.berth.runtime.node.oci.Namespace;
import dev.berth.runtime.node.oci.OciSpec;
import dev.berth.runtime.node.oci.UserMounts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciSpecWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IsolationSpec.NodeFacts FACTS = new IsolationSpec.NodeFacts(0x1fffeffffffL, Map.of(), 2,
            20000);
    final String id = "b".repeat(64);

    OciSpecWriter.SpecInput input(boolean hostNetwork, String netns, String domainname) {
        return new OciSpecWriter.SpecInput(id, "bbbbbbbbbbbb", domainname, List.of("echo", "hi"), List.of("PATH=/bin"),
                "", new UserResolver.User(0, 0, List.of()), false, Path.of("/c/merged"), false, hostNetwork, netns,
                Path.of("/c/hosts"), Path.of("/c/resolv.conf"), Path.of("/c/hostname"), List.of(), java.util.Set.of());
    }

    static Isolation isolation(String hostConfig, IsolationSpec.NodeFacts facts) throws Exception {
        return IsolationSpec.resolve(ContainerSpecParser.hostConfig(JSON.readTree(hostConfig)), null, facts);
    }

    @Test
    void dockerDefaults() throws Exception {
        OciSpec spec = OciSpecWriter.spec(input(false, null, ""), isolation("{}", FACTS), UserMounts.NONE);
        var caps = spec.process().capabilities();
        assertEquals(14, caps.bounding().size());
        assertEquals(caps.bounding(), caps.effective());
        assertTrue(caps.bounding().contains("CAP_NET_RAW"));
        assertFalse(caps.bounding().contains("CAP_SYS_ADMIN"));
        assertFalse(spec.process().noNewPrivileges());
        assertEquals("/", spec.process().cwd());
        assertEquals(20000L, spec.process().rlimits().get(0).hard());
        assertEquals("/berth/" + id, spec.linux().cgroupsPath());
        assertTrue(spec.linux().maskedPaths().contains("/proc/kcore"));
        assertTrue(spec.linux().readonlyPaths().contains("/proc/sys"));
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"),
                spec.linux().namespaces().stream().map(Namespace::type).toList());
        assertFalse(spec.linux().resources().devices().get(0).allow());
        assertNull(spec.linux().seccomp());
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm",
                "/etc/resolv.conf", "/etc/hostname", "/etc/hosts"), spec.mounts().stream().map(Mount::destination)
                .toList());
        assertEquals("bbbbbbbbbbbb", spec.hostname());
        JsonNode json = JSON.readTree(JSON.writeValueAsString(spec));
        assertFalse(json.has("domainname"), "nulls are left out");
        assertFalse(json.path("process").path("user").has("additionalGids"));
        assertFalse(json.path("linux").has("sysctl"));
    }

    @Test
    void hostNetworkHasNoNetworkNamespaceAJoinedOneHasItsPath() throws Exception {
        Isolation iso = isolation("{}", FACTS);
        assertFalse(OciSpecWriter.spec(input(true, null, ""), iso, UserMounts.NONE).linux().namespaces().stream()
                .anyMatch(n -> n.type().equals("network")));
        assertEquals(new Namespace("network", "/run/netns/x"), OciSpecWriter.spec(input(false, "/run/netns/x", ""),
                iso, UserMounts.NONE).linux().namespaces().get(4));
    }

    @Test
    void hostPidIpcAndUtsModesShareTheHostsNamespaces() throws Exception {
        OciSpecWriter.SpecInput base = input(false, null, "example.test");
        OciSpecWriter.SpecInput shared = new OciSpecWriter.SpecInput(base.id(), base.hostname(), base.domainname(),
                base.args(), base.env(), base.cwd(), base.user(), base.terminal(), base.rootfs(), base.readonlyRootfs(),
                base.hostNetwork(), base.netnsPath(), base.hostsFile(), base.resolvConfFile(), base.hostnameFile(),
                base.extraMaskedPaths(), java.util.Set.of("pid", "uts"));
        OciSpec spec = OciSpecWriter.spec(shared, isolation("{}", FACTS), UserMounts.NONE);
        assertEquals(List.of("ipc", "mount", "network"), spec.linux().namespaces().stream().map(Namespace::type)
                .toList());
        assertEquals(null, spec.hostname(), "runc sets no hostname without a UTS namespace of its own");
        assertEquals(null, spec.domainname());
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"), OciSpecWriter.spec(base, isolation("{}", FACTS),
                UserMounts.NONE).linux().namespaces().stream().map(Namespace::type).toList());
    }

    @Test
    void domainnameGoesInAsTheSpecFieldAndTheUtsSysctlAnExplicitOneWins() throws Exception {
        OciSpec spec = OciSpecWriter.spec(input(false, null, "example.test"),
                isolation("{\"Sysctls\": {\"net.ipv4.ip_forward\": \"1\"}}", FACTS), UserMounts.NONE);
        assertEquals("example.test", spec.domainname());
        assertEquals(Map.of("net.ipv4.ip_forward", "1", "kernel.domainname", "example.test"), spec.linux().sysctl());
        OciSpec mine = OciSpecWriter.spec(input(false, null, "example.test"),
                isolation("{\"Sysctls\": {\"kernel.domainname\": \"mine\"}}", FACTS), UserMounts.NONE);
        assertEquals("mine", mine.linux().sysctl().get("kernel.domainname"));
    }

    @Test
    void privilegedInitAndUserMountsReplacingDefaults() throws Exception {
        IsolationSpec.NodeFacts facts = new IsolationSpec.NodeFacts(0x1fffeffffffL, Map.of(), 2, 20000, List.of(),
                Path.of("/usr/bin/tini-static"));
        OciSpec spec = OciSpecWriter.spec(input(false, null, ""),
                isolation("{\"Privileged\": true, \"Init\": true, \"ShmSize\": 1048576}", facts),
                new UserMounts(List.of(new Mount("/etc/hosts", "bind", "/mine", List.of("rbind", "rprivate"))),
                        "rshared"));
        assertEquals(List.of("/sbin/docker-init", "--", "echo", "hi"), spec.process().args());
        assertEquals(List.of(), spec.linux().maskedPaths());
        assertTrue(spec.linux().resources().devices().get(0).allow());
        assertEquals("rshared", spec.linux().rootfsPropagation());
        Map<String, Mount> byDestination = new java.util.HashMap<>();
        spec.mounts().forEach(m -> assertNull(byDestination.put(m.destination(), m), "one mount per destination"));
        assertTrue(byDestination.get("/sys").options().contains("rw"));
        assertTrue(byDestination.get("/dev/shm").options().contains("size=1048576"));
        assertEquals("/mine", byDestination.get("/etc/hosts").source());
        assertEquals(new Mount("/sbin/docker-init", "bind", "/usr/bin/tini-static", List.of("bind", "ro")),
                byDestination.get("/sbin/docker-init"));
    }

    @Test
    void hostFactsComeThroughTheKernelSeam() {
        RecordingKernelFiles kernel = new RecordingKernelFiles()
                .with("/proc/self/limits", "Limit                     Soft Limit           Hard Limit           Units\n"
                        + "Max open files            1024                 524288               files\n")
                .with("/sys/devices/system/cpu/possible", "0-2\n")
                .with("/sys/devices/system/cpu/cpu1/thermal_throttle", "")
                .with("/sys/devices/system/cpu/cpu0/thermal_throttle", "");
        assertEquals(524288, NodeSpecFacts.nofileHardLimit(kernel));
        assertEquals(List.of("/sys/devices/system/cpu/cpu0/thermal_throttle",
                "/sys/devices/system/cpu/cpu1/thermal_throttle"), NodeSpecFacts.thermalThrottlePaths(kernel));
        assertEquals(1024, NodeSpecFacts.nofileHardLimit(new RecordingKernelFiles()));
        assertEquals(List.of(0, 1, 2, 8), NodeSpecFacts.cpuList("0-2,8"));
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
