package dev.berth.runtime.placement;

import java.util.List;
import java.util.Optional;

/**
 * Classic swarm's filters, in its order: health, constraint, affinity, dependency (containers, then named volumes
 * with data on a node), port, resources. Each says why a node cannot
 * take a request, or nothing when it can. Soft expressions are left to {@link Scheduler}.
 */
final class Filters {
    private Filters() {
    }

    static Optional<String> refuse(PlacementRequest request, NodeCandidate node, boolean withSoft) {
        if (!node.ready()) {
            return Optional.of("health: the node is down");
        }
        for (Expression c : request.constraints()) {
            if ((withSoft || !c.soft()) && !constraintHolds(c, node)) {
                String actual = node.valueOf(c.key());
                return Optional.of("constraint " + c + " (" + c.key() + (actual == null ? " unset" : "=" + actual)
                        + ")");
            }
        }
        for (Expression a : request.affinities()) {
            if ((withSoft || !a.soft()) && !affinityHolds(a, node)) {
                return Optional.of("affinity " + a);
            }
        }
        for (String dependency : request.dependencies()) {
            if (!runsThere(dependency, node)) {
                return Optional.of("dependency: container " + dependency + " is not there");
            }
        }
        for (String volume : request.volumes()) {
            if (!node.volumes().contains(volume)) {
                return Optional.of("volume: the data of " + volume + " is on another node");
            }
        }
        for (String port : request.hostPorts()) {
            if (node.hostPorts().contains(port)) {
                return Optional.of("port " + port + " is published by another container there");
            }
        }
        if (request.memory() > 0 && node.memTotal() > 0
                && node.memoryReserved() + request.memory() > node.memTotal()) {
            return Optional.of("resources: " + request.memory() + " bytes of memory asked, "
                    + Math.max(0, node.memTotal() - node.memoryReserved()) + " free");
        }
        if (request.nanoCpus() > 0 && node.ncpu() > 0
                && node.nanoCpusReserved() + request.nanoCpus() > node.ncpu() * 1_000_000_000L) {
            return Optional.of("resources: " + request.nanoCpus() / 1e9 + " CPUs asked, "
                    + Math.max(0, node.ncpu() - node.nanoCpusReserved() / 1e9) + " free");
        }
        return Optional.empty();
    }

    static boolean constraintHolds(Expression c, NodeCandidate node) {
        if ("node".equals(c.key())) {
            return c.holdsForAnyOf(List.of(node.name(), node.id())); // a node is named by its name or its id
        }
        return c.holdsFor(node.valueOf(c.key()));
    }

    /** A container named {@code ref}, with id {@code ref}, or with an id {@code ref} begins, is on the node. */
    static boolean runsThere(String ref, NodeCandidate node) {
        if (node.containerRefs().contains(ref)) {
            return true;
        }
        return ref.matches("[0-9a-f]{1,64}") && node.containerRefs().stream().anyMatch(r -> r.startsWith(ref)
                && r.matches("[0-9a-f]{64}"));
    }

    /** {@code container==x}: a container named or with id x runs there; {@code image==x}: a container of image x. */
    static boolean affinityHolds(Expression a, NodeCandidate node) {
        return switch (a.key()) {
            case "container" -> a.holdsForAnyOf(node.containerRefs());
            default -> a.holdsForAnyOf(node.imageRefs()); // "image": PlacementRequest allows no other key
        };
    }
}
