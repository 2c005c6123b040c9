package dev.berth.runtime.lifecycle;

import dev.berth.runtime.cluster.NodeCandidates;
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
 * Placement at create (issue 17): a create that names constraints or affinities goes through the scheduler over
 * every node, and is refused (409, naming what excluded each node) when none can take it; a choice of another node
 * is sent there ({@link CreateOnNode}). A create without placement expressions lands on this node, as before (no
 * extra reads).
 */
@ApplicationScoped
public class PlaceContainer {
    @Inject
    NodeCandidates candidates;

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
                .withDependencies(dependencies(wanted.host()));
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
     * The name of the node {@code request} goes to: this node for a create without placement expressions (no reads)
     * or one another node placed here already ({@code placedHere}); else the scheduler's choice.
     */
    public Uni<String> choose(PlacementRequest request, boolean placedHere) {
        if (placedHere || !request.hasExpressions()) {
            return Uni.createFrom().item(self);
        }
        return candidates.all().map(nodes -> scheduler.place(request, nodes).name());
    }
}
