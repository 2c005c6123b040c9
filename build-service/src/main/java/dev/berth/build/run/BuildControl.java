package dev.berth.build.run;

import dev.berth.build.node.RuntimeNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One running build's handle: the step containers alive right now and whether the client gave up. Cancelling
 * removes those containers at once (a running RUN ends with them) and the build stops before its next step. Each
 * stage built has a handle of its own under the build's, so one stage can be stopped while the others go on;
 * cancelling the build cancels them all. Safe for stages on several threads.
 */
public final class BuildControl {
    private final BuildControl parent;
    private final List<String> live = new CopyOnWriteArrayList<>();
    private final List<BuildControl> stages = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public BuildControl() {
        this(null);
    }

    private BuildControl(BuildControl parent) {
        this.parent = parent;
    }

    /** A handle for one stage of this build. */
    BuildControl stage() {
        BuildControl stage = new BuildControl(this);
        stages.add(stage);
        return stage;
    }

    /** This handle's own containers (a stage's, as its steps make and remove them). */
    List<String> live() {
        return live;
    }

    /** The containers of the build and all its stages. */
    List<String> allLive() {
        List<String> all = new ArrayList<>(live);
        stages.forEach(stage -> all.addAll(stage.allLive()));
        return all;
    }

    public boolean cancelled() {
        return cancelled || (parent != null && parent.cancelled());
    }

    void checkNotCancelled() {
        if (cancelled()) {
            throw new BuildFailure("Build cancelled", 1);
        }
    }

    /** Marks the build (or stage) cancelled and removes its live containers (blocking: call it on a worker thread). */
    public void cancel(RuntimeNode node) {
        cancelled = true;
        for (String id : live) {
            try {
                node.remove(id);
            } catch (RuntimeException e) {
                // already gone, or the node is away: the build ends either way
            }
        }
        stages.forEach(stage -> stage.cancel(node));
    }
}
