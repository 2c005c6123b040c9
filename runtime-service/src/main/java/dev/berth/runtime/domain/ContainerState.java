package dev.berth.runtime.domain;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.Optional;

/**
 * A container's state and the one table of what each lifecycle verb may do in it. The verbs ask {@link #refuse}
 * before their node work and again on the locked row inside their transaction; a refusal is the error dockerd
 * gives for that request, word for word (clients and the e2e suite match on the wording).
 *
 * <pre>
 *              start stop kill pause unpause remove  resize/top  records an exit
 *   created      x                            x
 *   running           x    x    x                       x              x
 *   paused            x    x           x                x              x
 *   restarting        x    x                            x              x
 *   exited       x                            x
 *   dead         x                            x
 *   removing                                  (waits)
 * </pre>
 * "stop" of a container that does not run is a no-op (304), not a refusal; "remove" of a running one needs force.
 */
public enum ContainerState {
    CREATED(Container.CREATED),
    RUNNING(Container.RUNNING),
    PAUSED(Container.PAUSED),
    RESTARTING(Container.RESTARTING),
    EXITED(Container.EXITED),
    DEAD(Container.DEAD),
    REMOVING(Container.REMOVING);

    /** What a client asks of a container. */
    public enum Verb { START, STOP, KILL, PAUSE, UNPAUSE, RESTART, REMOVE, FORCE_REMOVE, RESIZE, TOP }

    private final String wire;

    ContainerState(String wire) {
        this.wire = wire;
    }

    /** The state as the row and Docker's {@code State.Status} spell it. */
    public String wire() {
        return wire;
    }

    /** The row's state string; an unknown one reads as exited (nothing runs, nothing is in flight). */
    public static ContainerState of(String wire) {
        for (ContainerState s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        return EXITED;
    }

    /** Docker's IsRunning: a process exists or is about to (paused and restarting count). */
    public boolean isRunning() {
        return this == RUNNING || this == PAUSED || this == RESTARTING;
    }

    public boolean canStart() {
        return !isRunning() && this != REMOVING;
    }

    /** A stop of a container that does not run is answered 304 by the caller, not refused. */
    public boolean canStop() {
        return isRunning();
    }

    public boolean canKill() {
        return isRunning();
    }

    public boolean canPause() {
        return this == RUNNING;
    }

    public boolean canUnpause() {
        return this == PAUSED;
    }

    /** restart = stop (a no-op when stopped) and start. */
    public boolean canRestart() {
        return this != REMOVING;
    }

    /** A running container goes only with force; one being removed is waited for. */
    public boolean canRemove(boolean force) {
        return force || !isRunning();
    }

    /** Exits are recorded only for a container that runs (once: the row leaves these states with the first). */
    public boolean canRecordExit() {
        return isRunning();
    }

    public boolean allows(Verb verb) {
        return switch (verb) {
            case START -> canStart();
            case STOP -> canStop();
            case KILL, RESIZE, TOP -> canKill();
            case PAUSE -> canPause();
            case UNPAUSE -> canUnpause();
            case RESTART -> canRestart();
            case REMOVE -> canRemove(false);
            case FORCE_REMOVE -> canRemove(true);
        };
    }

    /** dockerd's answer when {@code verb} is not allowed in this state; empty when it is. */
    public Optional<BerthException> refuse(Verb verb, String id) {
        if (allows(verb)) {
            return Optional.empty();
        }
        return Optional.of(switch (verb) {
            case START, RESTART -> this == REMOVING
                    ? BerthException.conflict("container is marked for removal and cannot be started")
                    : new BerthException(ErrorKind.NOT_MODIFIED, "container already started");
            case STOP -> new BerthException(ErrorKind.NOT_MODIFIED, "Container " + id + " is not running");
            case KILL, RESIZE -> BerthException.conflict("Container " + id + " is not running");
            case TOP -> BerthException.conflict("container " + id + " is not running");
            case PAUSE -> this == PAUSED
                    ? BerthException.conflict("container " + id + " is already paused")
                    : BerthException.conflict("container " + id + " is not running");
            case UNPAUSE -> BerthException.conflict("Container " + id + " is not paused");
            case REMOVE, FORCE_REMOVE -> BerthException.conflict("You cannot remove a running container " + id
                    + ". Stop the container before attempting removal or force remove");
        });
    }

    /** Throws {@link #refuse}'s error, for checks inside a transaction. */
    public void require(Verb verb, String id) {
        Optional<BerthException> refused = refuse(verb, id);
        if (refused.isPresent()) {
            throw refused.get();
        }
    }
}
