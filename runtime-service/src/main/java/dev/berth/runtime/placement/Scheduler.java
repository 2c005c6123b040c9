package dev.berth.runtime.placement;

import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Chooses the node a container is created on, as classic swarm's scheduler: the nodes that pass every filter
 * ({@link Filters}) with the hard expressions, narrowed to those that also meet the soft ones when any do, then the
 * strategy. A request no node can take fails with a 409 that names, for each node, what excluded it.
 */
public final class Scheduler {
    /** {@code BERTH_SCHEDULER_STRATEGY}: spread (the default), binpack or random. */
    public enum Strategy {
        /** The node with the fewest containers (then the most free memory): load spread over the nodes. */
        SPREAD,
        /** The node with the most memory reserved that still fits (then the most containers): nodes filled in turn. */
        BINPACK,
        /** Any node that passes the filters. */
        RANDOM;

        public static Strategy of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("BERTH_SCHEDULER_STRATEGY must be spread, binpack or random, not "
                        + name);
            }
        }
    }

    private final Strategy strategy;
    private final RandomGenerator random;

    public Scheduler(Strategy strategy, RandomGenerator random) {
        this.strategy = strategy;
        this.random = random;
    }

    /**
     * The node for {@code request}. A dependency that is on no node is left out: the create then fails on it with
     * Docker's 404, not with a placement refusal; so is a named volume no node has used yet (it is made where the
     * container lands).
     */
    public NodeCandidate place(PlacementRequest asked, List<NodeCandidate> nodes) {
        PlacementRequest request = asked.withDependencies(asked.dependencies().stream()
                .filter(d -> nodes.stream().anyMatch(n -> Filters.runsThere(d, n))).toList())
                .withVolumes(asked.volumes().stream()
                        .filter(v -> nodes.stream().anyMatch(n -> n.volumes().contains(v))).toList());
        List<NodeCandidate> fit = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (NodeCandidate node : nodes) {
            Optional<String> refused = Filters.refuse(request, node, false);
            if (refused.isPresent()) {
                refusals.add(node.name() + ": " + refused.get());
            } else {
                fit.add(node);
            }
        }
        if (fit.isEmpty()) {
            throw BerthException.conflict("no node can take this container: "
                    + (refusals.isEmpty() ? "there is no node" : String.join("; ", refusals)));
        }
        List<NodeCandidate> preferred = fit.stream().filter(n -> Filters.refuse(request, n, true).isEmpty()).toList();
        return choose(preferred.isEmpty() ? fit : preferred);
    }

    private NodeCandidate choose(List<NodeCandidate> nodes) {
        Comparator<NodeCandidate> byName = Comparator.comparing(NodeCandidate::name).thenComparing(NodeCandidate::id);
        return switch (strategy) {
            case SPREAD -> nodes.stream().min(Comparator.comparingInt(NodeCandidate::containers)
                    .thenComparing(Comparator.comparingLong(Scheduler::freeMemory).reversed())
                    .thenComparing(byName)).orElseThrow();
            case BINPACK -> nodes.stream().min(Comparator.comparingDouble(Scheduler::memoryUsed).reversed()
                    .thenComparing(Comparator.comparingInt(NodeCandidate::containers).reversed())
                    .thenComparing(byName)).orElseThrow();
            case RANDOM -> nodes.get(random.nextInt(nodes.size()));
        };
    }

    private static long freeMemory(NodeCandidate n) {
        return n.memTotal() - n.memoryReserved();
    }

    private static double memoryUsed(NodeCandidate n) {
        return n.memTotal() <= 0 ? 0 : (double) n.memoryReserved() / n.memTotal();
    }
}
