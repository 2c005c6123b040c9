package dev.berth.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InFlightTest {
    final InFlight inFlight = new InFlight();

    @Test
    void oneStartAtATime() {
        assertTrue(inFlight.beginStart("a"));
        assertFalse(inFlight.beginStart("a"));
        assertTrue(inFlight.beginStart("b"), "other containers start independently");
        assertTrue(inFlight.isStarting("a"));
        assertFalse(inFlight.finishStart("a"));
        assertFalse(inFlight.isStarting("a"));
        assertTrue(inFlight.beginStart("a"), "the next start after one finished");
    }

    @Test
    void anExitDuringAStartIsHandedToTheStart() {
        assertFalse(inFlight.deferExitIfStarting("a"), "not starting: the caller handles the exit itself");
        inFlight.beginStart("a");
        assertTrue(inFlight.deferExitIfStarting("a"));
        assertTrue(inFlight.finishStart("a"), "the start learns of the exit when it ends");
        inFlight.beginStart("a");
        assertFalse(inFlight.finishStart("a"), "a deferred exit is handed over once");
    }

    @Test
    void anAbandonedStartDropsTheDeferredExit() {
        inFlight.beginStart("a");
        inFlight.deferExitIfStarting("a");
        inFlight.abandonStart("a");
        assertFalse(inFlight.isStarting("a"));
        inFlight.beginStart("a");
        assertFalse(inFlight.finishStart("a"), "left to the exit watcher's rescan");
    }

    @Test
    void aFailedStartHandedToRemovalKeepsItsDeferredExit() {
        inFlight.beginStart("a");
        inFlight.deferExitIfStarting("a");
        inFlight.endStartForRemoval("a");
        assertFalse(inFlight.isStarting("a"));
        assertTrue(inFlight.finishStart("a"));
    }

    @Test
    void oneExitAtATime() {
        assertTrue(inFlight.beginExit("a"));
        assertTrue(inFlight.exitInProgress("a"));
        assertFalse(inFlight.beginExit("a"));
        inFlight.endExit("a");
        assertFalse(inFlight.exitInProgress("a"));
        assertTrue(inFlight.beginExit("a"));
    }

    @Test
    void oneRemovalAtATimeAndTheVolumeChoiceEndsWithIt() {
        inFlight.removeVolumesWith("a");
        assertTrue(inFlight.beginRemove("a"));
        assertFalse(inFlight.beginRemove("a"), "a second remover waits for the first");
        assertTrue(inFlight.isRemoving("a"));
        assertTrue(inFlight.removesVolumes("a"));
        inFlight.endRemove("a");
        assertFalse(inFlight.isRemoving("a"));
        assertFalse(inFlight.removesVolumes("a"), "rm -v of one removal does not leak into the next");
        assertTrue(inFlight.beginRemove("a"));
    }
}
