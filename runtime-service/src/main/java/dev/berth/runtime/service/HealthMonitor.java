package dev.berth.runtime.service;

import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerJson;
import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.health.HealthConfig;
import dev.berth.runtime.health.HealthState;
import dev.berth.runtime.node.HostInfo;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Health checks (moby daemon/health.go): one timer per running container with a probe; each probe is an exec
 * ({@link ExecService#probe}); the result updates State.Health and a change of status is a
 * {@code health_status: <status>} event. Probes pause while the container is paused, stop when it exits and are
 * scheduled again for running containers when the service starts. It observes the lifecycle ({@link LifecycleEvent}:
 * started, exited, removing) and calls no verb.
 */
@ApplicationScoped
public class HealthMonitor {
    private static final Logger LOG = Logger.getLogger(HealthMonitor.class.getName());

    @Inject
    VerbSupport support;
    @Inject
    Vertx vertx;
    @Inject
    ExecService execs;

    private final Map<String, Long> timers = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) {
        vertx.getDelegate().setTimer(2000, t -> Contexts.onSafeContext(vertx.getDelegate(),
                () -> support.db().session(() -> Container.<Container>list("state = ?1 and node = ?2",
                        Container.RUNNING, HostInfo.nodeName())))
                .subscribe().with(list -> list.forEach(c -> {
                    if (c.health != null) {
                        schedule(c.id, null);
                    }
                }), f -> LOG.log(Level.WARNING, "cannot schedule health checks: " + f.getMessage())));
    }

    /** Schedules the first probe of a container that just started (it starts as {@code starting}). */
    void onStarted(@Observes LifecycleEvent.Started started) {
        schedule(started.id(), null);
    }

    void onExit(@Observes LifecycleEvent.Exited exited) {
        forget(exited.id());
    }

    void onRemove(@Observes LifecycleEvent.Removing removing) {
        forget(removing.id());
    }

    private void forget(String id) {
        Long t = timers.remove(id);
        if (t != null) {
            vertx.getDelegate().cancelTimer(t);
        }
    }

    private void schedule(String id, Duration known) {
        Contexts.onSafeContext(vertx.getDelegate(), () -> support.db().session(() -> Container.<Container>findById(id)))
                .subscribe().with(c -> {
                    if (c == null || !c.isRunning() || c.health == null) {
                        return;
                    }
                    HealthConfig config = HealthConfig.of(ContainerJson.readTree(c.config));
                    if (config == null) {
                        return;
                    }
                    Duration delay = known != null ? known : HealthState.nextDelay(config, c.health,
                            c.startedAt == null ? null : c.startedAt.toInstant(), Instant.now());
                    long timer = vertx.getDelegate().setTimer(Math.max(1, delay.toMillis()), t -> {
                        if (timers.remove(id, t)) {
                            probe(id);
                        }
                    });
                    Long previous = timers.put(id, timer);
                    if (previous != null) {
                        vertx.getDelegate().cancelTimer(previous);
                    }
                }, f -> LOG.log(Level.FINE, "health schedule of " + id + ": " + f));
    }

    private void probe(String id) {
        Contexts.onSafeContext(vertx.getDelegate(), () -> support.lookup().find(id).chain(c -> {
            HealthConfig config = HealthConfig.of(ContainerJson.readTree(c.config));
            if (config == null || c.health == null || !c.isRunning()) {
                return Uni.createFrom().item(false);
            }
            if (!Container.RUNNING.equals(c.state)) {
                return Uni.createFrom().item(true); // paused or restarting: try again later
            }
            Instant start = Instant.now();
            return execs.probe(id, config.command(), config.timeout())
                    .onFailure().recoverWithItem(f -> new ExecService.ProbeResult(-1, String.valueOf(f.getMessage())))
                    .chain(result -> record(id, config, start, result));
        })).subscribe().with(again -> {
            if (Boolean.TRUE.equals(again)) {
                schedule(id, null);
            }
        }, f -> LOG.log(Level.FINE, "health probe of " + id + ": " + f));
    }

    /** Stores the result; emits health_status on a change. True when the container still runs. */
    private Uni<Boolean> record(String id, HealthConfig config, Instant start, ExecService.ProbeResult result) {
        Instant end = Instant.now();
        return support.db().tx(() -> support.db().locked(id).chain(c -> {
            if (c == null || !c.isRunning() || c.health == null) {
                return Uni.createFrom().item(false);
            }
            String before = HealthState.status(c.health);
            c.health = HealthState.record(c.health, config, c.startedAt == null ? null : c.startedAt.toInstant(),
                    start, end, result.exitCode(), result.output());
            String after = HealthState.status(c.health);
            if (after.equals(before)) {
                return Uni.createFrom().item(true);
            }
            return support.events().append("health_status: " + after, c, Map.of(), Map.of()).replaceWith(true);
        }));
    }

    /** For tests and ps: the containers currently watched. */
    List<String> watched() {
        return List.copyOf(timers.keySet());
    }
}
