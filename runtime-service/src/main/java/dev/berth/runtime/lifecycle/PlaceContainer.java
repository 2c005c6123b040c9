package dev.berth.runtime.lifecycle;

import dev.berth.runtime.cluster.NodeCandidates;
import dev.berth.runtime.cluster.NodeDirectory;
import dev.berth.runtime.isolation.NamespaceModes;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.placement.NodeCandidate;
import dev.berth.runtime.placement.PlacementRequest;
import dev.berth.runtime.placement.Scheduler;
import dev.berth.runtime.spec.ContainerSpec;
import dev.berth.runtime.spec.HostSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Placement at create (issue 17): once there is more than one node, every create goes through the scheduler over
 * every node (the strategy, spread by default, for those without expressions), and is refused (409, naming what
 * excluded each node) when none can take it; a choice of another node is sent there ({@link CreateOnNode}). A lone
 * node takes its creates without expressions without reading anything.
 */
@ApplicationScoped
public class PlaceContainer {
    @Inject
    NodeCandidates candidates;
    @Inject
    NodeDirectory nodes;

    private final String self = HostInfo.nodeName();
    private final Scheduler scheduler;

    PlaceContainer(@ConfigProperty(name = "berth.scheduler.strategy", defaultValue = "spread") String strategy) {
        this.scheduler = new Scheduler(Scheduler.Strategy.of(strategy), new SecureRandom());
    }

    /**
     * What {@code wanted} asks of its node ({@code portBindings}: the request's HostConfig.PortBindings); 400 for a
     * malformed expression.
     */
    static PlacementRequest requestOf(ContainerSpec wanted, Map<String, String> labels,
            com.fasterxml.jackson.databind.JsonNode portBindings) {
        long reservation = wanted.host().resources().memoryReservation();
        return PlacementRequest.of(wanted.process().env(), labels,
                reservation > 0 ? reservation : wanted.host().resources().memory(),
                wanted.host().resources().nanoCpus(), List.copyOf(NodeCandidates.hostPorts(portBindings)))
                .withDependencies(dependencies(wanted.host()))
                .withVolumes(namedVolumes(wanted.host()));
    }

    /** The named volumes a create mounts ({@code -v name:/path}, {@code --mount type=volume,source=name}). */
    static List<String> namedVolumes(HostSpec host) {
        List<String> out = new ArrayList<>();
        for (String bind : host.binds()) {
            String source = bind.split(":", 2)[0];
            if (!source.isEmpty() && !source.startsWith("/") && bind.contains(":")) {
                out.add(source);
            }
        }
        host.mounts().stream().filter(m -> "volume".equals(m.type()) && m.source() != null && !m.source().isEmpty())
                .forEach(m -> out.add(m.source()));
        return out;
    }

    /** The containers a create joins or reads from: they are on the node it must land on. */
    static List<String> dependencies(HostSpec host) {
        List<String> out = new ArrayList<>(NamespaceModes.donors(host));
        host.volumesFrom().forEach(v -> out.add(v.split(":", 2)[0]));
        host.links().forEach(l -> out.add(l.split(":", 2)[0]));
        String network = host.networkMode();
        if (network != null && network.startsWith("container:")) {
            out.add(network.substring("container:".length()));
        }
        return out;
    }

    /**
     * The name of the node {@code request} goes to: this node while it is the only one and the create names no
     * expression (no reads), or when another node placed the create here already ({@code placedHere}); else the
     * scheduler's choice over every node (the strategy spreads creates without expressions too).
     */
    public Uni<String> choose(PlacementRequest request, boolean placedHere) {
        if (placedHere || (nodes.alone() && !request.hasExpressions())) {
            return Uni.createFrom().item(self);
        }
        return candidates.all().map(nodes -> scheduler.place(request, nodes).name());
    }
}
