package dev.berth.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContactTrackerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T03:00:00Z"));
    private final ContactTracker contact = new ContactTracker(clock, Duration.ofSeconds(10), Duration.ofSeconds(60));

    private boolean readEvery(Duration step, int times, String status) {
        boolean any = false;
        for (int i = 0; i < times; i++) {
            clock.advance(step);
            any |= contact.read(status);
        }
        return any;
    }

    @Test
    void aNodeInSightLooksForNothing() {
        assertFalse(readEvery(Duration.ofSeconds(2), 100, "ready"));
        assertFalse(readEvery(Duration.ofSeconds(2), 5, null), "no row yet (a node that just started)");
    }

    @Test
    void itsRowSayingDownOpensTheWindowUntilItHasPassed() {
        clock.advance(Duration.ofSeconds(2));
        assertTrue(contact.read("down"));
        assertTrue(readEvery(Duration.ofSeconds(2), 1, "ready"), "the moves go on after it is ready again");
        assertTrue(readEvery(Duration.ofSeconds(2), 28, "ready"), "58 s after it");
        clock.advance(Duration.ofSeconds(2));
        assertFalse(contact.read("ready"), "the window closed a minute after the last down");
    }

    @Test
    void aGapOfTheDownLimitBetweenReadsOpensItEvenIfTheRowSaysReadyByThen() {
        clock.advance(Duration.ofSeconds(9));
        assertFalse(contact.read("ready"), "9 s without a read: not written down yet");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(contact.read("ready"), "10 s out of sight: it may have been down and ready again meanwhile");
        assertTrue(readEvery(Duration.ofSeconds(2), 29, "ready"), "58 s after it");
        clock.advance(Duration.ofSeconds(2));
        assertFalse(contact.read("ready"), "read every 2 s since: the window closed");
    }
}
