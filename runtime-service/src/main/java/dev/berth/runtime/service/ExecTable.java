package dev.berth.runtime.service;

import dev.berth.runtime.service.ExecService.Exec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's exec instances by id, kept as dockerd 20.10 keeps them: a container lists only its execs that have not
 * ended (dockerd removes an exec from the container's store when it exits), while the exec itself stays inspectable
 * until the second {@link #sweep} after its end (dockerd's execCommandGC, every five minutes: the first marks it
 * {@code CanRemove}, the next removes it). Without that, every exec ever run would stay in memory, and a container's
 * inspect would list them all.
 */
final class ExecTable {
    private final Map<String, Exec> execs = new ConcurrentHashMap<>();

    void put(Exec e) {
        execs.put(e.id, e);
    }

    void remove(String id) {
        execs.remove(id);
    }

    /** The exec with id {@code ref}, or the only one whose id starts with it; null when none (or several) match. */
    Exec find(String ref) {
        if (ref == null) {
            return null;
        }
        Exec e = execs.get(ref);
        if (e == null && !ref.isEmpty()) {
            List<Exec> matches = execs.values().stream().filter(x -> x.id.startsWith(ref)).limit(2).toList();
            return matches.size() == 1 ? matches.get(0) : null;
        }
        return e;
    }

    /** The ids of the container's execs that have not ended (created or running): inspect's {@code ExecIDs}. */
    List<String> openIdsOf(String containerId) {
        return execs.values().stream().filter(e -> e.containerId.equals(containerId) && !ended(e))
                .map(e -> e.id).toList();
    }

    /** The container is gone: its execs too. */
    void forgetContainer(String containerId) {
        execs.values().removeIf(e -> e.containerId.equals(containerId));
    }

    /** One round of dockerd's execCommandGC: the execs marked last round go, those ended since are marked. */
    void sweep() {
        execs.values().removeIf(e -> e.canRemove);
        for (Exec e : execs.values()) {
            if (ended(e)) {
                e.canRemove = true;
            }
        }
    }

    static boolean ended(Exec e) {
        return e.exitCode != null && !e.running;
    }

    int size() {
        return execs.size();
    }
}
