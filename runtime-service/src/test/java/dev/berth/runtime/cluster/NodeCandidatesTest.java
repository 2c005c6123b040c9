package dev.berth.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.placement.NodeCandidate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeCandidatesTest {
    private static NodeRow row(String id, String name, String status) {
        return new NodeRow(id, name, "10.0.0.1", Map.of("storage", "ssd"), 2, 1000, "v", status, 1, false, null, null);
    }

    @Test
    void aNodeCountsItsContainersButOnlyRunningOnesReserveAndPublish() {
        List<NodeCandidate> nodes = NodeCandidates.of(List.of(row("i1", "n1", "ready"), row("i2", "n2", "down")),
                List.of(new NodeCandidates.Placed("n1", "abcdef0123456789", "web", "nginx", "sha256:1", true, 300,
                                500_000_000L, Set.of("8080/tcp")),
                        new NodeCandidates.Placed("n1", "fedcba9876543210", "old", "redis", "sha256:2", false, 400, 0,
                                Set.of("6379/tcp")),
                        new NodeCandidates.Placed("n9", "0000", "gone", "x", null, true, 1, 0, Set.of())));
        NodeCandidate n1 = nodes.get(0);
        assertTrue(n1.ready());
        assertEquals(2, n1.containers());
        assertEquals(300, n1.memoryReserved());
        assertEquals(500_000_000L, n1.nanoCpusReserved());
        assertEquals(Set.of("8080/tcp"), n1.hostPorts());
        assertTrue(n1.containerRefs().containsAll(Set.of("web", "old", "abcdef012345", "abcdef0123456789")));
        assertTrue(n1.imageRefs().containsAll(Set.of("nginx", "redis", "sha256:1")));
        NodeCandidate n2 = nodes.get(1);
        assertFalse(n2.ready());
        assertEquals(0, n2.containers());
    }

    @Test
    void hostPortsAreTheHostSideOfTheBindings() throws Exception {
        assertEquals(Set.of("8080/tcp", "5353/udp"), NodeCandidates.hostPorts(new ObjectMapper().readTree(
                "{\"80/tcp\": [{\"HostIp\": \"\", \"HostPort\": \"8080\"}], \"53/udp\": [{\"HostPort\": \"5353\"}],"
                        + " \"443/tcp\": [{\"HostPort\": \"\"}], \"22/tcp\": [{\"HostPort\": \"0\"}]}")));
    }

    /** The named volumes of a row's mounts, in the shape the create writes them (a row of `docker run -v v:/data`). */
    @Test
    void aRowsNamedVolumesAreReadFromItsMounts() {
        String mounts = "[{\"type\":\"volume\",\"name\":\"e2evolx\","
                + "\"source\":\"/var/lib/berth/nodes/2/volumes/e2evolx/_data\",\"destination\":\"/data\","
                + "\"driver\":\"local\",\"mode\":\"z\",\"rw\":true,"
                + "\"propagation\":\"\",\"volumeId\":\"48146149\",\"anonymous\":false,\"copyUp\":true,\"volume\":true},"
                + "{\"type\":\"bind\",\"source\":\"/srv\",\"destination\":\"/srv\",\"mode\":\"\",\"rw\":true,"
                + "\"propagation\":\"rprivate\"}]";
        assertEquals(Set.of("e2evolx"), NodeCandidates.volumeNames(mounts));
        assertEquals(Set.of(), NodeCandidates.volumeNames("[]"));
    }
}
