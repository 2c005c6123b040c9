package dev.berth.build.events;

import dev.berth.build.queue.BuildQueueConfig;
import dev.berth.common.outbox.OutboxRelay;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Relays this service's outbox to Kafka, in the processes that take {@code /build} requests only: relays of several
 * processes over the one outbox table each lock a batch ({@code skip locked}) and may publish one build's events out
 * of order (a worker's {@code step} before its {@code started}). Worker-only processes leave their rows to the API
 * side's relay, which takes them on its next pass (250 ms at most).
 */
@ApplicationScoped
public class EventRelay {
    void start(@Observes StartupEvent startup, Vertx vertx, Pool pool,
            @Channel("events-out") MutinyEmitter<String> emitter, BuildQueueConfig config) {
        if (config.takesRequests()) {
            OutboxRelay.start(vertx, pool, emitter);
        }
    }
}
