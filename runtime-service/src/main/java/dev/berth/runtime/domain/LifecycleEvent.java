package dev.berth.runtime.domain;

import java.time.OffsetDateTime;

/**
 * What the lifecycle verbs tell their observers (health checks, OOM watching, restart policies, exec bookkeeping),
 * always after the transaction that made the change committed. Fired as CDI events; observers take the record they
 * care about with {@code @Observes}, run on the publisher's thread and must not block or throw.
 */
public sealed interface LifecycleEvent {
    String id();

    /** The container runs; {@code byUser} when docker start (or restart) started it, not its policy or restore. */
    record Started(String id, boolean byUser) implements LifecycleEvent {
    }

    /** Its process ended and the exit is recorded; {@code restarting} when its restart policy starts it again. */
    record Exited(String id, int exitCode, boolean restarting, OffsetDateTime startedAt, OffsetDateTime finishedAt)
            implements LifecycleEvent {
    }

    /** A stop or kill found it waiting for its policy restart: it is exited now, the pending restart is off. */
    record RestartCancelled(String id) implements LifecycleEvent {
    }

    /** Its removal began (the row says removing): nothing may start it or probe it any more. */
    record Removing(String id) implements LifecycleEvent {
    }

    /** It is gone: its row, its files and its destroy event. */
    record Removed(String id) implements LifecycleEvent {
    }
}
