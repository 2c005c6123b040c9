package dev.berth.runtime.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What is down now: the node watch's bookkeeping of the nodes' last beats, on an injected clock. A ready node with
 * no beat for {@code downAfter} goes down; a down node goes ready at its next beat. A node the watch learns about
 * when it takes over (from the table) gets {@code downAfter} from then before it can go down: the watch cannot
 * have seen its beats before, so an earlier {@code last_seen} says nothing about now. Likewise when the watch itself
 * was away longer than {@code pauseLimit} between two checks (a long GC or class-data dump, a suspended machine):
 * the beats it missed may still wait on Kafka, so every node gets {@code downAfter} from then instead of going down.
 * And while the watch does not hear its own beats come back through Kafka ({@link #heardSelf()}) for longer than
 * {@code pauseLimit}, silence says nothing about the others (Kafka is away or behind, for every node alike): nobody
 * goes down, and every node gets {@code downAfter} from when the watch hears again. Otherwise a broker outage would
 * write every other node down and move their containers onto the watch's node.
 */
public final class NodeStatusTracker {
    public static final String READY = "ready";
    public static final String DOWN = "down";

    /** One change of a node's status. */
    public record Transition(String id, String from, String to) {
    }

    private static final class Tracked {
        String status;
        Instant lastBeat;

        Tracked(String status, Instant lastBeat) {
            this.status = status;
            this.lastBeat = lastBeat;
        }
    }

    private final Clock clock;
    private final Duration downAfter;
    private final Duration pauseLimit;
    private final Map<String, Tracked> nodes = new HashMap<>();
    private Instant lastCheck;
    private Instant heardSelf;

    public NodeStatusTracker(Clock clock, Duration downAfter, Duration pauseLimit) {
        this.clock = clock;
        this.downAfter = downAfter;
        this.pauseLimit = pauseLimit;
        this.heardSelf = clock.instant();
    }

    /** The watch's own beat came back through Kafka: the beats reach it, so another node's silence means something. */
    public void heardSelf() {
        heardSelf = clock.instant();
    }

    /** A node from the table, unless already tracked: its recorded status, its last beat not before now. */
    public void known(String id, String status, Instant lastSeen) {
        Instant now = clock.instant();
        nodes.putIfAbsent(id, new Tracked(status, lastSeen.isAfter(now) ? lastSeen : now));
    }

    /** Forgets nodes whose rows are gone. */
    public void retain(Set<String> ids) {
        nodes.keySet().retainAll(ids);
    }

    /** A beat of {@code id} now: down → ready, an unknown node starts ready. */
    public Optional<Transition> beat(String id) {
        Instant now = clock.instant();
        Tracked node = nodes.get(id);
        if (node == null) {
            nodes.put(id, new Tracked(READY, now));
            return Optional.empty();
        }
        node.lastBeat = now;
        if (DOWN.equals(node.status)) {
            node.status = READY;
            return Optional.of(new Transition(id, DOWN, READY));
        }
        return Optional.empty();
    }

    /** The ready nodes whose last beat is older than {@code downAfter}, now down. */
    public List<Transition> expired() {
        Instant now = clock.instant();
        boolean paused = lastCheck != null && Duration.between(lastCheck, now).compareTo(pauseLimit) > 0;
        boolean deaf = Duration.between(heardSelf, now).compareTo(pauseLimit) > 0;
        lastCheck = now;
        if (paused || deaf) {
            nodes.values().forEach(node -> node.lastBeat = node.lastBeat.isAfter(now) ? node.lastBeat : now);
            return List.of();
        }
        Instant limit = now.minus(downAfter);
        List<Transition> down = new ArrayList<>();
        nodes.forEach((id, node) -> {
            if (READY.equals(node.status) && node.lastBeat.isBefore(limit)) {
                node.status = DOWN;
                down.add(new Transition(id, READY, DOWN));
            }
        });
        return down;
    }

    /** Undoes a transition the table did not take (its write failed): the next beat or check tries again. */
    public void revert(Transition transition) {
        Tracked node = nodes.get(transition.id());
        if (node != null) {
            node.status = transition.from();
        }
    }

    public Optional<String> status(String id) {
        return Optional.ofNullable(nodes.get(id)).map(n -> n.status);
    }
}
