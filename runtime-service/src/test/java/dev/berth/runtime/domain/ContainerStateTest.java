package dev.berth.runtime.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.domain.ContainerState.Verb;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerStateTest {
    static final String ID = "0123456789ab" + "c".repeat(52);

    static Set<ContainerState> allowing(Verb verb) {
        Set<ContainerState> states = EnumSet.noneOf(ContainerState.class);
        for (ContainerState s : ContainerState.values()) {
            if (s.allows(verb)) {
                states.add(s);
            }
        }
        return states;
    }

    @Test
    void theTable() {
        assertEquals(EnumSet.of(ContainerState.CREATED, ContainerState.EXITED, ContainerState.DEAD), allowing(Verb.START));
        Set<ContainerState> live = EnumSet.of(ContainerState.RUNNING, ContainerState.PAUSED, ContainerState.RESTARTING);
        assertEquals(live, allowing(Verb.STOP));
        assertEquals(live, allowing(Verb.KILL));
        assertEquals(live, allowing(Verb.RESIZE));
        assertEquals(live, allowing(Verb.TOP));
        assertEquals(EnumSet.of(ContainerState.RUNNING), allowing(Verb.PAUSE));
        assertEquals(EnumSet.of(ContainerState.PAUSED), allowing(Verb.UNPAUSE));
        assertEquals(EnumSet.complementOf(EnumSet.of(ContainerState.REMOVING)), allowing(Verb.RESTART));
        assertEquals(EnumSet.complementOf(EnumSet.copyOf(live)), allowing(Verb.REMOVE));
        assertEquals(EnumSet.allOf(ContainerState.class), allowing(Verb.FORCE_REMOVE));
        for (ContainerState s : ContainerState.values()) {
            assertEquals(s.isRunning(), s.canRecordExit(), s.name());
            assertEquals(s.isRunning(), new Container() {{ state = s.wire(); }}.isRunning(), s.name());
        }
    }

    @Test
    void wireNamesRoundTrip() {
        for (ContainerState s : ContainerState.values()) {
            assertSame(s, ContainerState.of(s.wire()));
        }
        assertEquals("running", ContainerState.RUNNING.wire());
        assertSame(ContainerState.EXITED, ContainerState.of("bogus"));
        assertSame(ContainerState.EXITED, ContainerState.of(null));
    }

    /** The wording and status dockerd gives, which clients and the e2e suite match on. */
    @Test
    void refusalsAreDockersMessages() {
        assertRefused(ContainerState.RUNNING, Verb.START, ErrorKind.NOT_MODIFIED, "container already started");
        assertRefused(ContainerState.REMOVING, Verb.START, ErrorKind.CONFLICT,
                "container is marked for removal and cannot be started");
        assertRefused(ContainerState.REMOVING, Verb.RESTART, ErrorKind.CONFLICT,
                "container is marked for removal and cannot be started");
        assertRefused(ContainerState.EXITED, Verb.KILL, ErrorKind.CONFLICT, "Container " + ID + " is not running");
        assertRefused(ContainerState.CREATED, Verb.RESIZE, ErrorKind.CONFLICT, "Container " + ID + " is not running");
        assertRefused(ContainerState.EXITED, Verb.TOP, ErrorKind.CONFLICT, "container " + ID + " is not running");
        assertRefused(ContainerState.PAUSED, Verb.PAUSE, ErrorKind.CONFLICT, "container " + ID + " is already paused");
        assertRefused(ContainerState.RESTARTING, Verb.PAUSE, ErrorKind.CONFLICT, "container " + ID + " is not running");
        assertRefused(ContainerState.EXITED, Verb.PAUSE, ErrorKind.CONFLICT, "container " + ID + " is not running");
        assertRefused(ContainerState.RUNNING, Verb.UNPAUSE, ErrorKind.CONFLICT, "Container " + ID + " is not paused");
        assertRefused(ContainerState.PAUSED, Verb.REMOVE, ErrorKind.CONFLICT, "You cannot remove a running container "
                + ID + ". Stop the container before attempting removal or force remove");
        assertTrue(ContainerState.RUNNING.refuse(Verb.PAUSE, ID).isEmpty());
        assertTrue(ContainerState.PAUSED.refuse(Verb.FORCE_REMOVE, ID).isEmpty());
    }

    @Test
    void requireThrowsTheRefusal() {
        ContainerState.RUNNING.require(Verb.PAUSE, ID);
        BerthException e = assertThrows(BerthException.class, () -> ContainerState.PAUSED.require(Verb.PAUSE, ID));
        assertEquals("container " + ID + " is already paused", e.getMessage());
        assertFalse(ContainerState.EXITED.canPause());
    }

    static void assertRefused(ContainerState state, Verb verb, ErrorKind kind, String message) {
        BerthException e = state.refuse(verb, ID).orElseThrow(() -> new AssertionError(state + " allows " + verb));
        assertEquals(kind, e.kind(), state + " " + verb);
        assertEquals(message, e.getMessage(), state + " " + verb);
    }
}
