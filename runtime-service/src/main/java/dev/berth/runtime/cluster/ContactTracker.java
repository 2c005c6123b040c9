package dev.berth.runtime.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether this node's containers may have been moved to other nodes behind its back, from its reads of the node
 * table: its own row says {@code down} while it runs (the watch stopped hearing it: a partition from Kafka, a long
 * pause), or it could not read the table for {@code downAfter} (it may have been written down meanwhile). Either
 * opens a window of {@code window} in which each read says "look": the watch's node moves the containers one by one
 * and drops each lost copy's row once its new copy runs, so the copies left here lose their rows over a while.
 */
public final class ContactTracker {
    private final Clock clock;
    private final Duration downAfter;
    private final Duration window;
    private Instant lastRead;
    private Instant lookUntil = Instant.MIN;

    public ContactTracker(Clock clock, Duration downAfter, Duration window) {
        this.clock = clock;
        this.downAfter = downAfter;
        this.window = window;
        this.lastRead = clock.instant();
    }

    /** A read of the table succeeded, with this node's status in it (null: no row); true: look for lost copies. */
    public synchronized boolean read(String ownStatus) {
        Instant now = clock.instant();
        boolean cutOff = Duration.between(lastRead, now).compareTo(downAfter) >= 0;
        lastRead = now;
        if (cutOff || NodeStatusTracker.DOWN.equals(ownStatus)) {
            lookUntil = now.plus(window);
        }
        return now.isBefore(lookUntil);
    }
}
