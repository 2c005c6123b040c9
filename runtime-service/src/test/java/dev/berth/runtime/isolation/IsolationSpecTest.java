package dev.berth.runtime.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.HostSpec;
import dev.berth.runtime.spec.Security;
import dev.berth.runtime.node.OciSpecWriter;
import dev.berth.runtime.node.Seccomp;
import dev.berth.runtime.node.oci.DeviceRule;
import dev.berth.runtime.node.oci.Isolation;
import dev.berth.runtime.node.oci.Mount;
import dev.berth.runtime.node.oci.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsolationSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** This node's kind of bounding set: everything but CAP_SYS_RESOURCE (24). */
    private static final IsolationSpec.NodeFacts FACTS = new IsolationSpec.NodeFacts(0x1fffeffffffL,
            Map.of("nofile", 20000L, "nproc", -1L), 2, 20000);

    private static JsonNode hc(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static String message(Runnable r) {
        return assertThrows(BerthException.class, r::run).getMessage();
    }

    @Test
    void limitsFollowDockersChecks() throws Exception {
        assertEquals("Minimum memory limit allowed is 6MB", message(() -> IsolationSpec.check(
                host("{\"Memory\": 1000}"), FACTS)));
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage", message(
                () -> IsolationSpec.check(host("{\"Memory\": 33554432, \"MemorySwap\": 16777216}"), FACTS)));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available", message(
                () -> IsolationSpec.check(host("{\"NanoCpus\": 3000000000}"), FACTS)));
        assertEquals("Requested CPUs are not available - requested 0-3, available: 0-1", message(
                () -> IsolationSpec.check(host("{\"CpusetCpus\": \"0-3\"}"), FACTS)));
        assertEquals("Invalid value 2000, range for oom score adj is [-1000, 1000]", message(
                () -> IsolationSpec.check(host("{\"OomScoreAdj\": 2000}"), FACTS)));
        Resources r = ResourceLimits.resources(resources("{\"Memory\": 33554432, \"NanoCpus\": 500000000,"
                + " \"PidsLimit\": 10, \"CpuShares\": 512}"));
        assertEquals(new Resources.Memory(33554432L, 67108864L, null, null, null), r.memory());
        assertEquals(new Resources.Cpu(512L, 100000L, 50000L, null, null), r.cpu());
        assertEquals(new Resources.Pids(10), r.pids());
        assertEquals(Map.of("limit", 10L), ResourceLimits.oci(hc("{\"PidsLimit\": 10}")).get("pids"));
        ObjectNode n = (ObjectNode) hc("{\"Memory\": 33554432, \"PidsLimit\": -1}");
        ResourceLimits.normalize(n);
        assertEquals(67108864L, n.get("MemorySwap").asLong());
        assertTrue(n.get("PidsLimit").isNull());
    }

    @Test
    void ulimitsAreCheckedAgainstTheNodesHardLimits() {
        String m = message(() -> IsolationSpec.check(host(
                "{\"Ulimits\": [{\"Name\": \"nofile\", \"Soft\": 30000, \"Hard\": 30000}]}"), FACTS));
        assertTrue(m.contains("hard limit 30000 is above this node's hard limit of 20000"), m);
        assertEquals("invalid ulimit type: bogus", message(() -> IsolationSpec.check(host(
                "{\"Ulimits\": [{\"Name\": \"bogus\", \"Soft\": 1, \"Hard\": 1}]}"), FACTS)));
        IsolationSpec.check(host("{\"Ulimits\": [{\"Name\": \"nproc\", \"Soft\": 99999, \"Hard\": 99999}]}"), FACTS);
    }

    @Test
    void capabilitiesAddDropAllAndPrivileged() throws Exception {
        assertEquals(List.of("CAP_NET_ADMIN"), Capabilities.resolve(security(
                "{\"CapDrop\": [\"ALL\"], \"CapAdd\": [\"net_admin\"]}"), FACTS.boundingSet()));
        List<String> dropped = Capabilities.resolve(security("{\"CapDrop\": [\"CAP_CHOWN\", \"kill\"]}"), FACTS.boundingSet());
        assertEquals(12, dropped.size());
        assertFalse(dropped.contains("CAP_KILL"));
        List<String> all = Capabilities.resolve(security("{\"Privileged\": true}"), FACTS.boundingSet());
        assertFalse(all.contains("CAP_SYS_RESOURCE"), "clamped to the bounding set");
        assertTrue(all.contains("CAP_SYS_ADMIN"));
        assertEquals("unknown capability: \"CAP_BOGUS\"", message(() -> Capabilities.resolve(
                security("{\"CapAdd\": [\"BOGUS\"]}"), FACTS.boundingSet())));
        assertEquals("capability CAP_SYS_RESOURCE is not in this node's bounding set", message(
                () -> Capabilities.resolve(security("{\"CapAdd\": [\"SYS_RESOURCE\"]}"), FACTS.boundingSet())));
    }

    @Test
    void sysctlsOnlyNamespacedOnes() {
        IsolationSpec.check(host("{\"Sysctls\": {\"kernel.shmmax\": \"1\", \"net.ipv4.ip_forward\": \"1\"}}"), FACTS);
        assertEquals("sysctl \"net.ipv4.ip_forward\" not allowed in host network namespace", message(() ->
                IsolationSpec.check(host("{\"NetworkMode\": \"host\", \"Sysctls\": {\"net.ipv4.ip_forward\": \"1\"}}"),
                        FACTS)));
        assertEquals("sysctl \"vm.swappiness\" is not in a separate kernel namespace", message(() ->
                IsolationSpec.check(host("{\"Sysctls\": {\"vm.swappiness\": \"1\"}}"), FACTS)));
    }

    @Test
    void securityOptionsAndTmpfs() {
        assertEquals("invalid --security-opt 2: \"bogus=1\"", message(() -> SecurityOptions.parse(
                unchecked("[\"bogus=1\"]"))));
        assertTrue(SecurityOptions.parse(unchecked("[\"no-new-privileges\"]")).noNewPrivileges());
        assertTrue(SecurityOptions.parse(unchecked("[\"seccomp=unconfined\"]")).seccompUnconfined());
        assertEquals(List.of("nosuid", "nodev", "exec", "size=1m"), TmpfsMounts.merge("exec,size=1m"));
        assertEquals(List.of("noexec", "nosuid", "nodev"), TmpfsMounts.merge(""));
    }

    @Test
    void isolationGetsDockersSeccompPerCapabilitiesAndTheLimits() throws Exception {
        Seccomp seccomp = Seccomp.dockerDefault("6.1.0");
        Isolation iso = IsolationSpec.resolve(host("{\"Memory\": 33554432, \"ReadonlyRootfs\": true,"
                + " \"ShmSize\": 8388608, \"Tmpfs\": {\"/run\": \"size=1m\"}, \"SecurityOpt\": [\"no-new-privileges\"]}"),
                seccomp, FACTS);
        String seccompJson = JSON.writeValueAsString(iso.seccomp());
        assertTrue(seccompJson.contains("\"SCMP_ARCH_X86_64\""));
        assertFalse(seccompJson.contains("\"reboot\""), "reboot needs CAP_SYS_BOOT");
        assertTrue(iso.noNewPrivileges());
        assertEquals(8388608, iso.shmSize());
        assertEquals(List.of(new Mount("/run", "tmpfs", "tmpfs", List.of("noexec", "nosuid", "nodev", "size=1m"))),
                iso.tmpfs());
        assertEquals(33554432L, iso.resources().memory().limit());
        assertEquals(OciSpecWriter.DEFAULT_DEVICE_RULES, iso.resources().devices());

        Isolation admin = IsolationSpec.resolve(host("{\"CapAdd\": [\"SYS_BOOT\"]}"), seccomp, FACTS);
        assertTrue(JSON.writeValueAsString(admin.seccomp()).contains("\"reboot\""));

        Isolation privileged = IsolationSpec.resolve(host("{\"Privileged\": true}"), seccomp, FACTS);
        assertNull(privileged.seccomp());
        assertTrue(privileged.unmaskedSystemPaths());
        assertEquals(List.of(DeviceRule.all(true)), privileged.resources().devices());
        assertEquals("--init: no init binary on this node (install tini)", message(() -> IsolationSpec.resolve(
                host("{\"Init\": true}"), seccomp, FACTS)));
    }

    private static HostSpec host(String json) {
        return ContainerSpecParser.hostConfig(unchecked(json));
    }

    private static Security security(String json) {
        return host(json).security();
    }

    private static dev.berth.runtime.spec.Resources resources(String json) {
        return host(json).resources();
    }

    private static JsonNode unchecked(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
