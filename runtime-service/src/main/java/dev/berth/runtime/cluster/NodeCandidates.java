package dev.berth.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.mounts.ContainerMounts;
import dev.berth.runtime.mounts.MountPoint;
import dev.berth.runtime.placement.NodeCandidate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The nodes as placement sees them: the {@code node} rows with what their containers reserve, run and publish. */
@ApplicationScoped
public class NodeCandidates {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTAINERS =
            "select node, id, name, image, image_id, state, host_config, mounts from container";

    @Inject
    NodeRows nodes;
    @Inject
    Pool pool;

    /** One container as placement counts it; {@code running}: it holds its reservations and host ports. */
    public record Placed(String node, String id, String name, String image, String imageId, boolean running,
            long memory, long nanoCpus, Set<String> hostPorts, Set<String> volumes) {

        /** One that uses no named volume. */
        public Placed(String node, String id, String name, String image, String imageId, boolean running,
                long memory, long nanoCpus, Set<String> hostPorts) {
            this(node, id, name, image, imageId, running, memory, nanoCpus, hostPorts, Set.of());
        }
    }

    public Uni<List<NodeCandidate>> all() {
        return nodes.all().chain(rows -> pool.query(CONTAINERS).execute().map(result -> {
            List<Placed> placed = new ArrayList<>();
            result.forEach(row -> placed.add(placed(row)));
            return of(rows, placed);
        }));
    }

    /** Every node with the containers whose row names it (by node name, as containers' rows record it). */
    public static List<NodeCandidate> of(List<NodeRow> rows, List<Placed> containers) {
        Map<String, List<Placed>> byNode = new HashMap<>();
        containers.forEach(c -> byNode.computeIfAbsent(c.node(), k -> new ArrayList<>()).add(c));
        List<NodeCandidate> out = new ArrayList<>();
        for (NodeRow n : rows) {
            long memory = 0;
            long cpus = 0;
            Set<String> refs = new HashSet<>();
            Set<String> images = new HashSet<>();
            Set<String> ports = new HashSet<>();
            Set<String> volumes = new HashSet<>();
            List<Placed> mine = byNode.getOrDefault(n.name(), List.of());
            for (Placed c : mine) {
                refs.add(c.id());
                refs.add(c.id().substring(0, Math.min(12, c.id().length())));
                refs.add(c.name());
                images.add(c.image());
                volumes.addAll(c.volumes());
                if (c.imageId() != null) {
                    images.add(c.imageId());
                }
                if (c.running()) {
                    memory += c.memory();
                    cpus += c.nanoCpus();
                    ports.addAll(c.hostPorts());
                }
            }
            out.add(new NodeCandidate(n.id(), n.name(), n.labels(), "ready".equals(n.status()), n.ncpu(),
                    n.memTotal(), memory, cpus, mine.size(), refs, images, ports, volumes));
        }
        return out;
    }

    private static Placed placed(Row row) {
        String state = row.getString("state");
        JsonNode hostConfig = tree(row.getString("host_config"));
        long reservation = hostConfig.path("MemoryReservation").asLong(0);
        long memory = reservation > 0 ? reservation : hostConfig.path("Memory").asLong(0);
        return new Placed(row.getString("node"), row.getString("id"), row.getString("name"), row.getString("image"),
                row.getString("image_id"), "running".equals(state) || "paused".equals(state)
                        || "restarting".equals(state), memory, hostConfig.path("NanoCpus").asLong(0),
                hostPorts(hostConfig.path("PortBindings")), volumeNames(row.getString("mounts")));
    }

    /** The named volumes in a row's {@code mounts} (as the create wrote them: {@link ContainerMounts}). */
    static Set<String> volumeNames(String mounts) {
        Set<String> names = new HashSet<>();
        for (MountPoint m : ContainerMounts.parse(mounts)) {
            if (m.isVolume() && m.name() != null && !m.name().isEmpty()) {
                names.add(m.name());
            }
        }
        return names;
    }

    /** The host side of HostConfig.PortBindings: {@code 8080/tcp} for {@code "80/tcp": [{"HostPort": "8080"}]}. */
    public static Set<String> hostPorts(JsonNode bindings) {
        Set<String> ports = new HashSet<>();
        bindings.fields().forEachRemaining(e -> {
            String proto = e.getKey().contains("/") ? e.getKey().substring(e.getKey().indexOf('/') + 1) : "tcp";
            e.getValue().forEach(b -> {
                String port = b.path("HostPort").asText("");
                if (!port.isEmpty() && !port.equals("0")) {
                    ports.add(port + "/" + proto);
                }
            });
        });
        return ports;
    }

    private static JsonNode tree(String json) {
        try {
            return json == null ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
