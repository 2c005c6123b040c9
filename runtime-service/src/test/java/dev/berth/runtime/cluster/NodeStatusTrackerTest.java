package dev.berth.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.runtime.cluster.NodeStatusTracker.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeStatusTrackerTest {
    private static final Instant T0 = Instant.parse("2026-12-03T06:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final NodeStatusTracker tracker = new NodeStatusTracker(clock, Duration.ofSeconds(10));

    @Test
    void aSilentNodeGoesDownOnlyAfterTheLimit() {
        assertEquals(Optional.empty(), tracker.beat("a"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(), tracker.expired(), "exactly the limit is not yet down");
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(new Transition("a", "ready", "down")), tracker.expired());
        assertEquals(List.of(), tracker.expired(), "down once");
        assertEquals(Optional.of("down"), tracker.status("a"));
    }

    @Test
    void beatsKeepANodeReadyAndABeatAfterDownMakesItReady() {
        tracker.beat("a");
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(2));
            tracker.beat("a");
            assertEquals(List.of(), tracker.expired());
        }
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, tracker.expired().size());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.of(new Transition("a", "down", "ready")), tracker.beat("a"));
        assertEquals(Optional.empty(), tracker.beat("a"));
        assertEquals(List.of(), tracker.expired());
    }

    @Test
    void aNodeLearnedAtTakeoverGetsTheWholeLimitFromThen() {
        tracker.known("old", "ready", T0.minus(Duration.ofHours(1)));
        assertEquals(List.of(), tracker.expired(), "its old last_seen predates this watch");
        clock.advance(Duration.ofSeconds(11));
        assertEquals(List.of(new Transition("old", "ready", "down")), tracker.expired());
    }

    @Test
    void aNodeKnownDownStaysDownUntilItBeats() {
        tracker.known("gone", "down", T0.minus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), tracker.expired());
        assertEquals(Optional.of(new Transition("gone", "down", "ready")), tracker.beat("gone"));
    }

    @Test
    void knownDoesNotOverrideWhatTheWatchSawAndRetainForgets() {
        tracker.beat("a");
        tracker.known("a", "down", T0);
        assertEquals(Optional.of("ready"), tracker.status("a"));
        tracker.retain(Set.of());
        assertTrue(tracker.status("a").isEmpty());
    }

    @Test
    void aRevertedTransitionIsTriedAgain() {
        tracker.beat("a");
        clock.advance(Duration.ofSeconds(11));
        Transition down = tracker.expired().get(0);
        tracker.revert(down);
        assertEquals(List.of(down), tracker.expired());
    }
}
