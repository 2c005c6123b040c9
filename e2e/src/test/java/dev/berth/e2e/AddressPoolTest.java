package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * More user networks without {@code --subnet} than the sixteen /16s of 172.16.0.0/12 hold (docker-py's integration
 * suite creates that many): each gets its own subnet, overlapping no other network's. On an instance with dockerd's
 * default pools (no {@code BERTH_NETWORK_POOL} in the environment) they are /16s of 172.17-31 and then /20s of
 * 192.168.0.0/16. The networks are removed even when the test fails.
 */
class AddressPoolTest {
    private static final int NETWORKS = 20;

    @Test
    void twentyNetworksWithoutSubnetGetDistinctSubnets() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NETWORKS; i++) {
            names.add("e2e-pool-" + tag + "-" + i);
        }
        try {
            Map<String, String> subnets = new LinkedHashMap<>();
            for (String name : names) {
                docker("network", "create", "--label", "e2e-pool=" + tag, name).ok();
                subnets.put(name, subnetOf(name));
            }
            assertEquals(NETWORKS, new HashSet<>(subnets.values()).size(), subnets.toString());

            boolean dockerdPools = System.getenv("BERTH_NETWORK_POOL") == null
                    || System.getenv("BERTH_NETWORK_POOL").isBlank();
            for (var entry : subnets.entrySet()) {
                String subnet = entry.getValue();
                assertTrue(subnet.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+"), entry.toString());
                if (dockerdPools) {
                    assertTrue(subnet.matches("172\\.(1[7-9]|2\\d|3[01])\\.0\\.0/16|192\\.168\\.\\d+\\.0/20"),
                            "not one of dockerd's default pools: " + entry);
                }
            }

            // no other network of the instance (default bridge included) overlaps any of them
            List<String> all = List.of(docker("network", "ls", "-q", "--no-trunc").ok().trimmed().split("\\s+"));
            Map<String, String> ours = new LinkedHashMap<>();
            for (String name : names) {
                ours.put(docker("network", "inspect", "-f", "{{.Id}}", name).ok().trimmed(), subnets.get(name));
            }
            for (String id : all) {
                String others = docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", id)
                        .out().trim();
                for (String other : others.isEmpty() ? new String[0] : others.split("\\s+")) {
                    for (var mine : ours.entrySet()) {
                        if (!mine.getKey().equals(id) && other.contains(".")) {
                            assertFalse(overlaps(mine.getValue(), other),
                                    mine.getValue() + " overlaps network " + id + "'s " + other);
                        }
                    }
                }
            }

            // removed, each subnet is free again: a new network takes one of them (the first free candidate)
            String freed = subnets.get(names.get(0));
            docker("network", "rm", names.get(0)).ok();
            String again = names.get(0);
            docker("network", "create", "--label", "e2e-pool=" + tag, again).ok();
            String reused = subnetOf(again);
            assertFalse(subnets.entrySet().stream().anyMatch(e -> !e.getKey().equals(again)
                    && overlaps(e.getValue(), reused)), reused + " overlaps one of " + subnets);
            assertTrue(reused.equals(freed) || !subnets.containsValue(reused), reused + " vs freed " + freed);

            for (String name : names) {
                docker("network", "rm", name).ok();
            }
            String left = docker("network", "ls", "-q", "--filter", "label=e2e-pool=" + tag).ok().trimmed();
            assertEquals("", left, "networks left behind");
        } finally {
            for (String name : names) {
                docker("network", "rm", name);
            }
        }
    }

    private static String subnetOf(String network) {
        return docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", network).ok()
                .trimmed();
    }

    private static boolean overlaps(String a, String b) {
        long[] x = range(a);
        long[] y = range(b);
        return x[0] <= y[1] && y[0] <= x[1];
    }

    private static long[] range(String cidr) {
        String[] parts = cidr.split("/");
        long address = 0;
        for (String octet : parts[0].split("\\.")) {
            address = address << 8 | Long.parseLong(octet);
        }
        int length = Integer.parseInt(parts[1]);
        long size = 1L << (32 - length);
        long base = address & ~(size - 1) & 0xFFFFFFFFL;
        return new long[] {base, base + size - 1};
    }
}
