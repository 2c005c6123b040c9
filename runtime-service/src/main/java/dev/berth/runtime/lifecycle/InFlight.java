package dev.berth.runtime.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the lifecycle is doing to which container right now, in memory (the row cannot say it: a start or a removal
 * spans several transactions and node work in between). The rules between verbs:
 * <ul>
 *   <li>one start at a time per container; an exit reported while it starts is deferred, and handled by the start
 *       once its own transaction committed ({@link #finishStart} says whether one came);</li>
 *   <li>one exit handled at a time per container; a start waits until it is handled ({@link #exitInProgress});</li>
 *   <li>one removal at a time per container; a second remover waits for the first ({@link #beginRemove});</li>
 *   <li>whether the anonymous volumes go with the container ({@code rm -v}, {@code --rm}) is remembered until the
 *       removal ends.</li>
 * </ul>
 */
@ApplicationScoped
public class InFlight {
    private final Set<String> starting = ConcurrentHashMap.newKeySet();
    private final Set<String> exitWhileStarting = ConcurrentHashMap.newKeySet();
    private final Set<String> exitsInProgress = ConcurrentHashMap.newKeySet();
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
    private final Set<String> removeVolumesOf = ConcurrentHashMap.newKeySet();

    // -------------------------------------------------------------- start

    /** False when a start of this container is already in flight. */
    public boolean beginStart(String id) {
        synchronized (starting) {
            return starting.add(id);
        }
    }

    public boolean isStarting(String id) {
        return starting.contains(id);
    }

    /** The start ended (committed or failed): true if an exit was reported meanwhile and is now the caller's. */
    public boolean finishStart(String id) {
        synchronized (starting) {
            starting.remove(id);
            return exitWhileStarting.remove(id);
        }
    }

    /** The start ended before the node work (or was abandoned): a deferred exit is left to the exit watcher's rescan. */
    public void abandonStart(String id) {
        synchronized (starting) {
            starting.remove(id);
            exitWhileStarting.remove(id);
        }
    }

    /** A start that failed and hands the container to a removal: it no longer counts as starting. */
    public void endStartForRemoval(String id) {
        synchronized (starting) {
            starting.remove(id);
        }
    }

    /** An exit was reported: true if a start is in flight and will handle it ({@link #finishStart}). */
    public boolean deferExitIfStarting(String id) {
        synchronized (starting) {
            if (starting.contains(id)) {
                exitWhileStarting.add(id);
                return true;
            }
            return false;
        }
    }

    // -------------------------------------------------------------- exit

    /** False when this container's exit is already being handled. */
    public boolean beginExit(String id) {
        return exitsInProgress.add(id);
    }

    public void endExit(String id) {
        exitsInProgress.remove(id);
    }

    public boolean exitInProgress(String id) {
        return exitsInProgress.contains(id);
    }

    // -------------------------------------------------------------- remove

    /** False when a removal of this container is already in flight (the caller waits for it instead). */
    public boolean beginRemove(String id) {
        return removing.add(id);
    }

    public boolean isRemoving(String id) {
        return removing.contains(id);
    }

    /** The container's anonymous volumes go with it when it is removed. */
    public void removeVolumesWith(String id) {
        removeVolumesOf.add(id);
    }

    public boolean removesVolumes(String id) {
        return removeVolumesOf.contains(id);
    }

    /** The removal ended, done or failed: the next one starts afresh. */
    public void endRemove(String id) {
        removing.remove(id);
        removeVolumesOf.remove(id);
    }
}
