package dev.berth.build.run;

import dev.berth.build.node.RuntimeNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One running build's handle: the step containers alive right now and whether the client gave up. Cancelling
 * removes those containers at once (a running RUN ends with them) and the build stops before its next step.
 */
public final class BuildControl {
    private final List<String> live = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    List<String> live() {
        return live;
    }

    public boolean cancelled() {
        return cancelled;
    }

    void checkNotCancelled() {
        if (cancelled) {
            throw new BuildFailure("Build cancelled", 1);
        }
    }

    /** Marks the build cancelled and removes its live containers (blocking: call it on a worker thread). */
    public void cancel(RuntimeNode node) {
        cancelled = true;
        for (String id : live) {
            try {
                node.remove(id);
            } catch (RuntimeException e) {
                // already gone, or the node is away: the build ends either way
            }
        }
    }
}
