package dev.berth.runtime.placement;

import java.util.Map;
import java.util.Set;

/**
 * A node as placement sees it: its identity, labels and health, its capacity, what its containers reserve, which
 * containers (ids and names) and images (names and ids) it runs, the host ports they publish ({@code 8080/tcp}), and
 * the named volumes its containers use (their data is there).
 */
public record NodeCandidate(String id, String name, Map<String, String> labels, boolean ready, int ncpu,
        long memTotal, long memoryReserved, long nanoCpusReserved, int containers, Set<String> containerRefs,
        Set<String> imageRefs, Set<String> hostPorts, Set<String> volumes) {

    /** A node whose containers use no named volume. */
    public NodeCandidate(String id, String name, Map<String, String> labels, boolean ready, int ncpu, long memTotal,
            long memoryReserved, long nanoCpusReserved, int containers, Set<String> containerRefs,
            Set<String> imageRefs, Set<String> hostPorts) {
        this(id, name, labels, ready, ncpu, memTotal, memoryReserved, nanoCpusReserved, containers, containerRefs,
                imageRefs, hostPorts, Set.of());
    }
    /** Its value for a constraint key: {@code node} is its name (or id), anything else one of its labels. */
    String valueOf(String key) {
        return "node".equals(key) ? name : labels.get(key);
    }
}
