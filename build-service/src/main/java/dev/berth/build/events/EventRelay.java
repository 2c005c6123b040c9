package dev.berth.build.events;

import dev.berth.common.outbox.OutboxRelay;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Relays this service's outbox to Kafka, in every process (API side and workers): the relay takes one pass at a
 * time per database ({@link OutboxRelay}), so a worker's {@code step} never overtakes its {@code started}.
 */
@ApplicationScoped
public class EventRelay {
    void start(@Observes StartupEvent startup, Vertx vertx, Pool pool,
            @Channel("events-out") MutinyEmitter<String> emitter) {
        OutboxRelay.start(vertx, pool, emitter);
    }
}
