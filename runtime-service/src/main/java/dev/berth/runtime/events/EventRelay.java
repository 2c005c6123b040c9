package dev.berth.runtime.events;

import dev.berth.common.outbox.OutboxRelay;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Relays this service's outbox to Kafka. */
@ApplicationScoped
public class EventRelay {
    private volatile OutboxRelay relay;

    void start(@Observes StartupEvent startup, Vertx vertx, Pool pool,
            @Channel("events-out") MutinyEmitter<String> emitter) {
        relay = OutboxRelay.start(vertx, pool, emitter);
    }

    /** Publishes this process's quiet outbox rows in a moment ({@link OutboxRelay#nudgeSoon}). */
    public void soon() {
        OutboxRelay started = relay;
        if (started != null) {
            started.nudgeSoon();
        }
    }
}
