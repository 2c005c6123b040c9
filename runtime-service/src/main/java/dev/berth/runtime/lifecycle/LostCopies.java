package dev.berth.runtime.lifecycle;

import dev.berth.common.platform.DaemonThreads;
import dev.berth.runtime.cluster.ContainersMayHaveMoved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Node loss seen from the lost node (issue 17): when this node was out of the cluster's sight and comes back without
 * a restart (a partition that healed, a long pause), the copies it still runs of containers that were rescheduled
 * elsewhere are stopped and removed as soon as their rows are gone ({@link OrphanBundles#sweepRunning()}), so a
 * container never runs on two nodes once they can see each other. A restarted node does the same at start.
 */
@ApplicationScoped
public class LostCopies {
    @Inject
    OrphanBundles orphans;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("berth-lost-copies"));
    private final AtomicBoolean queued = new AtomicBoolean();

    /** On the node directory's thread: one sweep at a time, at most one more waiting. */
    void onMaybeMoved(@Observes ContainersMayHaveMoved event) {
        if (queued.compareAndSet(false, true)) {
            worker.submit(() -> {
                queued.set(false);
                orphans.sweepRunning();
            });
        }
    }
}
