package dev.berth.runtime.cluster;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /info}'s {@code SystemStatus} as classic swarm filled it (docker info prints each pair as
 * {@code " key: value"}): the node count, then per node its address, id, status, containers, CPUs, memory, labels.
 */
public final class ClusterStatus {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private ClusterStatus() {
    }

    /** {@code containers}: per node name, [all, running, paused]. */
    public static List<List<String>> of(List<NodeRow> nodes, Map<String, long[]> containers) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("Nodes", String.valueOf(nodes.size())));
        for (NodeRow node : nodes) {
            long[] c = containers.getOrDefault(node.name(), new long[3]);
            lines.add(List.of(" " + node.name(), node.addr()));
            lines.add(List.of("  └ ID", node.id()));
            lines.add(List.of("  └ Status", NodeStatusTracker.READY.equals(node.status()) ? "Ready" : "Down"));
            lines.add(List.of("  └ Containers", c[0] + " (" + c[1] + " Running, " + c[2] + " Paused, "
                    + (c[0] - c[1] - c[2]) + " Stopped)"));
            lines.add(List.of("  └ CPUs", String.valueOf(node.ncpu())));
            lines.add(List.of("  └ Memory", bytes(node.memTotal())));
            lines.add(List.of("  └ Labels", node.labels().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
            lines.add(List.of("  └ UpdatedAt", NodeView.time(node.updatedAt())));
        }
        return lines;
    }

    /** Binary units with four significant digits, as Go's units.BytesSize ("7.775GiB"). */
    static String bytes(long size) {
        double value = size;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString() + UNITS[unit];
    }
}
