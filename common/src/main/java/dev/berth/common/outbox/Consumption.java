package dev.berth.common.outbox;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * How every berth consumer handles one Kafka record: parse the envelope, then in one transaction record the event
 * id and apply the effect (skipped on a redelivery). A failing transaction (database away) is retried with back-off
 * instead of failing the channel, which would stop consumption for good, and so is one that does not answer in
 * {@link #TRANSACTION_TIMEOUT} (PostgreSQL killed under it); a malformed record is logged and skipped. The connector's
 * check for records unacknowledged after 60 s is off (berth-service-defaults.properties): while the database is away
 * a record waits for it on purpose.
 */
public final class Consumption {
    private static final Logger LOG = Logger.getLogger(Consumption.class.getName());
    /** Far above any effect's time (milliseconds), below the time a stuck record would block its partition. */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(20);

    private Consumption() {
    }

    public static Uni<Void> once(String json, Function<CloudEvent, Uni<Void>> effect) {
        return once(json, null, effect);
    }

    /**
     * As {@link #once(String, Function)} for the events whose action is one of {@code actions}; any other is skipped
     * without a transaction: it changes nothing here, so there is nothing to apply once (an exec's three events, a
     * container's attach or resize, would otherwise cost every consumer a transaction each).
     */
    public static Uni<Void> once(String json, Set<String> actions, Function<CloudEvent, Uni<Void>> effect) {
        CloudEvent event;
        try {
            event = EventJson.read(json);
        } catch (IllegalArgumentException e) {
            LOG.warning("skipping a malformed event: " + e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (actions != null && !actions.contains(event.action())) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> ProcessedEvents.firstDelivery(event.id())
                        .chain(first -> first ? effect.apply(event) : Uni.createFrom().voidItem()))
                // a transaction whose connection died under it may never answer (Hibernate Reactive): give it up
                // and try again, rather than hold the record, and the partition behind it, for good
                .ifNoItem().after(TRANSACTION_TIMEOUT).fail()
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).atMost(40)
                .onFailure().recoverWithUni(failure -> {
                    LOG.severe("giving up on event " + event.id() + " after retries: " + failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
