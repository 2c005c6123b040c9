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
    private final NodeStatusTracker tracker = new NodeStatusTracker(clock, Duration.ofSeconds(10),
            Duration.ofSeconds(5));

    /** Checks as the watch makes them, every {@code step}, for {@code total}, hearing its own beats. */
    private List<Transition> checkEvery(Duration step, Duration total) {
        List<Transition> all = new java.util.ArrayList<>();
        for (Duration t = Duration.ZERO; t.compareTo(total) < 0; t = t.plus(step)) {
            clock.advance(step);
            tracker.heardSelf();
            all.addAll(tracker.expired());
        }
        return all;
    }

    @Test
    void aSilentNodeGoesDownOnlyAfterTheLimit() {
        assertEquals(Optional.empty(), tracker.beat("a"));
        assertEquals(List.of(), checkEvery(Duration.ofSeconds(2), Duration.ofSeconds(10)));
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
        assertEquals(1, checkEvery(Duration.ofSeconds(1), Duration.ofSeconds(11)).size());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.of(new Transition("a", "down", "ready")), tracker.beat("a"));
        assertEquals(Optional.empty(), tracker.beat("a"));
        assertEquals(List.of(), tracker.expired());
    }

    @Test
    void aNodeLearnedAtTakeoverGetsTheWholeLimitFromThen() {
        tracker.known("old", "ready", T0.minus(Duration.ofHours(1)));
        assertEquals(List.of(), tracker.expired(), "its old last_seen predates this watch");
        assertEquals(List.of(new Transition("old", "ready", "down")),
                checkEvery(Duration.ofSeconds(1), Duration.ofSeconds(11)));
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
    void aWatchThatWasHeldUpGivesEveryNodeTheWholeLimitAgain() {
        tracker.beat("a");
        tracker.expired();
        clock.advance(Duration.ofSeconds(12)); // the watch itself did not run: a's beats may wait on Kafka
        assertEquals(List.of(), tracker.expired());
        assertEquals(List.of(), checkEvery(Duration.ofSeconds(2), Duration.ofSeconds(10)));
        assertEquals(List.of(new Transition("a", "ready", "down")),
                checkEvery(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void aRevertedTransitionIsTriedAgain() {
        tracker.beat("a");
        Transition down = checkEvery(Duration.ofSeconds(1), Duration.ofSeconds(11)).get(0);
        tracker.revert(down);
        assertEquals(List.of(down), tracker.expired());
    }

    @Test
    void aWatchThatDoesNotHearItsOwnBeatsWritesNobodyDown() {
        tracker.beat("a");
        for (int i = 0; i < 20; i++) { // Kafka away for 20 s: neither a's beats nor the watch's own come back
            clock.advance(Duration.ofSeconds(1));
            assertEquals(List.of(), tracker.expired(), "second " + (i + 1));
        }
        assertEquals(Optional.of("ready"), tracker.status("a"));
        // the watch hears itself again: a, still silent, gets the whole limit from then
        assertEquals(List.of(), checkEvery(Duration.ofSeconds(1), Duration.ofSeconds(10)));
        assertEquals(List.of(new Transition("a", "ready", "down")),
                checkEvery(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }
}
