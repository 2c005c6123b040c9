package dev.berth.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.node.RecordingKernelFiles;
import dev.berth.runtime.node.RecordingProcessRunner;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleBridgesTest {
    private static final String SHOWN = String.join("\n",
            "3: berth0    inet 10.200.0.1/24 brd 10.200.0.255 scope global berth0\\       valid_lft forever",
            "9: berth-1a2b3c4d5e    inet 172.18.0.1/16 brd 172.18.255.255 scope global berth-1a2b3c4d5e\\       valid_lft forever",
            "11: berth-99aa    inet 192.168.16.1/20 brd 192.168.31.255 scope global berth-99aa\\       valid_lft forever",
            "12: br-other    inet 172.18.5.1/24 scope global br-other\\       valid_lft forever");

    @Test
    void findsOnlyThisInstancesOtherBridgesOnAnOverlappingSubnet() {
        assertEquals(List.of(new StaleBridges.Stale("berth-1a2b3c4d5e", "172.18.0.0/16", "172.18.0.1", 16)),
                StaleBridges.overlapping(SHOWN, "berth-", "berth-ffff", "172.18.0.0/16"));
        assertEquals(List.of(), StaleBridges.overlapping(SHOWN, "berth-", "berth-1a2b3c4d5e", "172.18.0.0/16"),
                "the bridge being made is not stale");
        assertEquals(List.of(new StaleBridges.Stale("berth-99aa", "192.168.16.0/20", "192.168.16.1", 20)),
                StaleBridges.overlapping(SHOWN, "berth-", "berth-ffff", "192.168.16.0/24"));
        assertEquals(List.of(), StaleBridges.overlapping(SHOWN, "berth-", "berth-ffff", "172.19.0.0/16"));
    }

    @Test
    void ensureBridgeTakesAStaleBridgeDownBeforeMakingTheNewOne() {
        // iptables -D fails once each rule is gone (here at once): the delete loop ends
        RecordingProcessRunner runner = new RecordingProcessRunner().respond(c -> new ProcessRunner.Result(
                c.argv().contains("-D") ? 1 : 0,
                c.argv().equals(List.of("ip", "-4", "-o", "addr", "show", "type", "bridge")) ? SHOWN : "", ""));
        RecordingKernelFiles kernel = new RecordingKernelFiles().with("/proc/net/dev",
                "Inter-|   Receive\n face |bytes\n    lo: 1 2 3\nberth-1a2b3c4d5e: 0 0 0\n");
        HostNetwork host = new HostNetwork(runner, kernel, new TestNetConfig(), Path.of("/nonexistent/bridges"));
        host.ensureBridge(new HostNetwork.Bridge("berth-ffff", "172.18.0.0/16", "172.18.0.1", 16, false));
        List<String> lines = runner.commands().stream().map(c -> String.join(" ", c.argv())
                + (c.stdin() == null ? "" : " <<< " + new String(c.stdin(), java.nio.charset.StandardCharsets.UTF_8)))
                .toList();
        int deleted = lines.indexOf("ip link del berth-1a2b3c4d5e");
        int added = indexOfContaining(lines, "link add berth-ffff type bridge");
        assertTrue(deleted >= 0, "stale bridge deleted: " + lines);
        assertTrue(added > deleted, "new bridge made after: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("-D") && l.contains("-s 172.18.0.0/16")
                && l.contains("! -o berth-1a2b3c4d5e")), "its masquerade rule deleted: " + lines);
    }

    private static int indexOfContaining(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
