package dev.berth.runtime.lifecycle;

import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.restart.Backoff;
import dev.berth.runtime.restart.RestartPolicy;
import dev.berth.runtime.service.Contexts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs restart policies: after an exit that the policy restarts, the container is {@code restarting} for Docker's
 * backoff delay, then started again (events: die, then start). It observes the lifecycle ({@link LifecycleEvent}):
 * a stop, kill or removal cancels a pending restart, a start by the user resets the backoff. At service start,
 * containers that are not running start again as dockerd's restore does.
 */
@ApplicationScoped
public class RestartScheduler {
    private static final Logger LOG = Logger.getLogger(RestartScheduler.class.getName());

    @Inject
    Vertx vertx;
    @Inject
    StartContainer starts;

    private final Backoff backoff = new Backoff();
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    /** An exit its policy restarts ({@link RecordExit} decided): the container starts again after the backoff. */
    void onExit(@Observes LifecycleEvent.Exited exit) {
        if (exit.restarting()) {
            schedule(exit.id(), exit.startedAt(), exit.finishedAt());
        }
    }

    /** The user started it: the delay starts over. */
    void onStart(@Observes LifecycleEvent.Started started) {
        if (started.byUser()) {
            reset(started.id());
        }
    }

    /** A stop or kill while it waited for its restart. */
    void onCancel(@Observes LifecycleEvent.RestartCancelled cancelled) {
        cancel(cancelled.id());
    }

    void onRemove(@Observes LifecycleEvent.Removing removing) {
        reset(removing.id());
    }

    private void schedule(String id, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
        Duration ran = startedAt == null || finishedAt == null ? Duration.ZERO : Duration.between(startedAt, finishedAt);
        Duration delay = backoff.next(id, ran);
        long timer = vertx.getDelegate().setTimer(Math.max(1, delay.toMillis()), t -> {
            if (pending.remove(id) == null) {
                return; // cancelled meanwhile
            }
            Contexts.onSafeContext(vertx.getDelegate(), () -> starts.restartByPolicy(id))
                    .subscribe().with(x -> { }, f -> LOG.log(Level.WARNING, "restart of " + id + " failed: "
                            + f.getMessage()));
        });
        Long previous = pending.put(id, timer);
        if (previous != null) {
            vertx.getDelegate().cancelTimer(previous);
        }
    }

    private void cancel(String id) {
        Long timer = pending.remove(id);
        if (timer != null) {
            vertx.getDelegate().cancelTimer(timer);
        }
    }

    private void reset(String id) {
        cancel(id);
        backoff.forget(id);
    }

    /** Startup: containers whose policy restarts them when the daemon comes back (dockerd's restore). */
    Uni<Void> restartOnServiceStart(Container c) {
        RestartPolicy policy = RestartPolicy.of(c.settings().restartPolicy());
        if (Container.RESTARTING.equals(c.state)) {
            // its delay was pending when the service went away (unless this run scheduled it already)
            return pending.containsKey(c.id) ? Uni.createFrom().voidItem() : starts.restartByPolicy(c.id);
        }
        if (c.startedAt == null || !Container.EXITED.equals(c.state)
                || !policy.restartsOnServiceStart(c.exitCode, c.restartCount, c.manuallyStopped)) {
            return Uni.createFrom().voidItem();
        }
        LOG.info("restart policy " + policy.name() + ": starting " + c.id + " again");
        return starts.startOnServiceStart(c.id);
    }
}
