package dev.berth.runtime.cluster;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node row as the Engine API's {@code Node} ({@code GET /nodes}, {@code docker node inspect}). Every node can
 * take the node watch, so every node is a {@code manager}; the watch's holder is the {@code Leader}.
 */
public final class NodeView {
    private NodeView() {
    }

    /**
     * A container's {@code Node} in inspect, as classic swarm showed it (docker-java's {@code ContainerNode}): the
     * node's id, address, name, CPUs, memory and labels. {@code self} is this node; a container on another node
     * (not created by this one: placement does not forward yet) gets its name alone.
     */
    public static Map<String, Object> ofContainer(String containerNode, NodeIdentity self) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (self == null || !self.name().equals(containerNode)) {
            m.put("Name", containerNode == null ? "" : containerNode);
            return m;
        }
        m.put("ID", self.id());
        m.put("IP", self.addr());
        m.put("Addr", self.addr());
        m.put("Name", self.name());
        m.put("Cpus", self.ncpu());
        m.put("Memory", self.memTotal());
        m.put("Labels", self.labels());
        return m;
    }

    public static Map<String, Object> of(NodeRow n) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("ID", n.id());
        node.put("Version", Map.of("Index", n.version()));
        node.put("CreatedAt", time(n.createdAt()));
        node.put("UpdatedAt", time(n.updatedAt()));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("Name", n.name());
        spec.put("Labels", n.labels());
        spec.put("Role", "manager");
        spec.put("Availability", "active");
        node.put("Spec", spec);
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("Hostname", n.name());
        description.put("Platform", Map.of("Architecture", "x86_64", "OS", "linux"));
        description.put("Resources", Map.of("NanoCPUs", n.ncpu() * 1_000_000_000L, "MemoryBytes", n.memTotal()));
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("EngineVersion", n.engineVersion());
        engine.put("Labels", n.labels());
        engine.put("Plugins", java.util.List.of(Map.of("Type", "Network", "Name", "bridge"),
                Map.of("Type", "Volume", "Name", "local")));
        description.put("Engine", engine);
        node.put("Description", description);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("State", n.status());
        status.put("Message", "");
        status.put("Addr", n.addr());
        node.put("Status", status);
        Map<String, Object> manager = new LinkedHashMap<>();
        if (n.leader()) {
            manager.put("Leader", true);
        }
        manager.put("Reachability", NodeStatusTracker.READY.equals(n.status()) ? "reachable" : "unreachable");
        manager.put("Addr", n.addr());
        node.put("ManagerStatus", manager);
        return node;
    }

    /** Go's RFC 3339 with nanoseconds, trailing zeros dropped. */
    static String time(OffsetDateTime t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.toInstant());
    }
}
