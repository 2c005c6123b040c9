package dev.berth.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.contract.NetworkEndpoint;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.node.RecordingKernelFiles;
import dev.berth.runtime.node.RecordingProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A user network's containers on other ready nodes become VXLAN forwarding and neighbour entries and DNS names here;
 * containers of this node, of down nodes and of nodes that never said are left out; a container that left is taken
 * out again.
 */
class OverlayPeersTest {
    private static final String NETWORK = "a1b2c3" + "0".repeat(58);
    private static final String WEB = "1".repeat(64);
    private static final String DB = "2".repeat(64);
    private static final String HERE = "3".repeat(64);
    private static final String ON_DOWN_NODE = "4".repeat(64);

    private final RecordingProcessRunner runner = new RecordingProcessRunner();
    private final RecordingKernelFiles kernel = new RecordingKernelFiles().with("/proc/net/dev",
            "Inter-|\n face |\n    lo: 0 0\nberth-net1: 0 0\n");
    private final HostNetwork host = new HostNetwork(runner, kernel, new TestNetConfig(), Path.of("/nonexistent/bridges"));
    private final DnsServers dns = new DnsServers(0, List.of());
    private final List<NetworkEndpoint> listed = new ArrayList<>();
    private final OverlayPeers peers = new OverlayPeers(host, id -> List.copyOf(listed), dns, new OverlayPeers.Nodes() {
        public String selfName() {
            return "n1";
        }

        public String selfAddress() {
            return "10.250.0.1";
        }

        public Optional<String> addressOf(String node) {
            return Optional.ofNullable(Map.of("n2", "10.250.0.2", "n3", "10.250.0.3").get(node));
        }

        public boolean alone() {
            return false;
        }
    });
    private final HostNetwork.Bridge bridge = new HostNetwork.Bridge("berth-net1", "127.0.0.0/8", "127.0.0.1", 8, false);

    @AfterEach
    void stopDns() {
        dns.stopAll();
    }

    @Test
    void containersOnOtherReadyNodesAreEnteredAndTakenOutWhenTheyLeave() {
        listed.add(new NetworkEndpoint(WEB, "web", List.of("www"), "172.20.0.2", "02:42:ac:14:00:02", "n2"));
        listed.add(new NetworkEndpoint(DB, "db", List.of(), "172.20.0.3", "02:42:ac:14:00:03", "n3"));
        listed.add(new NetworkEndpoint(HERE, "app", List.of(), "172.20.0.4", "02:42:ac:14:00:04", "n1"));
        listed.add(new NetworkEndpoint(ON_DOWN_NODE, "old", List.of(), "172.20.0.5", "02:42:ac:14:00:05", "n9"));
        peers.joined(NETWORK, bridge);

        String vxlan = host.vxlanDevice("berth-net1");
        List<String> lines = lines();
        assertTrue(lines.stream().anyMatch(l -> l.contains("link add " + vxlan + " type vxlan id " + 0xa1b2c3
                + " local 10.250.0.1 dstport 4789 nolearning proxy") && l.contains("master berth-net1")), lines::toString);
        assertTrue(lines.contains("bridge fdb replace 02:42:ac:14:00:02 dev " + vxlan + " dst 10.250.0.2 self permanent"),
                lines::toString);
        assertTrue(lines.contains("ip neigh replace 172.20.0.3 lladdr 02:42:ac:14:00:03 dev " + vxlan
                + " nud permanent"), lines::toString);
        assertFalse(lines.stream().anyMatch(l -> l.contains("02:42:ac:14:00:04") || l.contains("02:42:ac:14:00:05")),
                "this node's and a down node's containers are not entered: " + lines);
        assertEquals("172.20.0.2", dns.lookup(NETWORK, "172.20.0.4", "www"));
        assertEquals("172.20.0.3", dns.lookup(NETWORK, "172.20.0.4", "DB"));

        listed.removeIf(e -> e.containerId().equals(WEB));
        int before = runner.commands().size();
        peers.sync(NETWORK);
        lines = lines().subList(before, runner.commands().size());
        assertTrue(lines.contains("bridge fdb del 02:42:ac:14:00:02 dev " + vxlan + " self"), lines::toString);
        assertTrue(lines.contains("ip neigh del 172.20.0.2 dev " + vxlan), lines::toString);
        assertFalse(lines.stream().anyMatch(l -> l.contains("replace")), "db is entered already: " + lines);
        assertNull(dns.lookup(NETWORK, "172.20.0.4", "www"));
        assertEquals("172.20.0.3", dns.lookup(NETWORK, "172.20.0.4", "db"));
    }

    @Test
    void aNetworkWithoutOtherNodesContainersGetsNoVxlanDevice() {
        listed.add(new NetworkEndpoint(HERE, "app", List.of(), "172.20.0.4", "02:42:ac:14:00:04", "n1"));
        peers.joined(NETWORK, bridge);
        assertFalse(lines().stream().anyMatch(l -> l.contains("vxlan")), lines()::toString);
    }

    @Test
    void theVniIsTheNetworkIdsFirst24Bits() {
        assertEquals(0xa1b2c3, OverlayPeers.vni(NETWORK));
        assertEquals(1, OverlayPeers.vni("000000" + "f".repeat(58)));
    }

    private List<String> lines() {
        return runner.commands().stream().map(OverlayPeersTest::line).toList();
    }

    private static String line(ProcessRunner.Command c) {
        return String.join(" ", c.argv())
                + (c.stdin() == null ? "" : " <<< " + new String(c.stdin(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
