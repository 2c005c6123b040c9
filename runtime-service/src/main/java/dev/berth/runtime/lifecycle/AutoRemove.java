package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.DatabaseOutage;
import dev.berth.common.platform.DaemonThreads;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code --rm}'s removal, after the container's exit or its failed start. dockerd logs a failed auto-removal and
 * leaves the container; berth's removal fails mostly because its database is away for a moment (a restart), so it is
 * tried again in the background, with a growing pause, until the database answers, instead of leaving a container
 * that its client's {@code wait?condition=removed} waits for (issue 18's PostgreSQL drill). A runtime-service
 * restart in between is covered by the startup reconcile, which finishes removals that were marked.
 */
@ApplicationScoped
public class AutoRemove {
    private static final Logger LOG = Logger.getLogger(AutoRemove.class.getName());
    /** About 10 minutes of tries at most (the pause grows to 5 s). */
    private static final int MAX_TRIES = 120;

    @Inject
    RemoveContainer removals;

    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("berth-auto-remove-retry"));

    /** Removes now; never fails (a database outage schedules tries later, anything else is logged). */
    Uni<Void> remove(String id, String after) {
        return removals.removeNow(id).onFailure().recoverWithUni(f -> {
            handleFailure(id, after, f, 1);
            return Uni.createFrom().voidItem();
        });
    }

    private void handleFailure(String id, String after, Throwable f, int tries) {
        if (DatabaseOutage.isOutage(f) && tries < MAX_TRIES && !retries.isShutdown()) {
            if (tries == 1) {
                LOG.info("auto-remove of " + id + " " + after + ": " + DatabaseOutage.describe(f).orElse("")
                        + "; trying again until it is back");
            }
            retries.schedule(() -> retry(id, after, tries + 1), Math.min(5000, 125L << Math.min(tries, 6)),
                    TimeUnit.MILLISECONDS);
        } else {
            LOG.warning("auto-remove of " + id + " " + after + " failed: " + f.getMessage());
        }
    }

    private void retry(String id, String after, int tries) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> removals.removeNow(id));
            LOG.info("auto-removed " + id + " " + after + " at try " + tries);
        } catch (Throwable t) {
            handleFailure(id, after, t, tries);
        }
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
