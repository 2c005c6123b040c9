package dev.berth.common.outbox;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * How every berth consumer handles one Kafka record: parse the envelope, then in one transaction record the event
 * id and apply the effect (skipped on a redelivery). A failing transaction (database away) is retried with back-off
 * instead of failing the channel, which would stop consumption for good; a malformed record is logged and skipped.
 */
public final class Consumption {
    private static final Logger LOG = Logger.getLogger(Consumption.class.getName());

    private Consumption() {
    }

    public static Uni<Void> once(String json, Function<CloudEvent, Uni<Void>> effect) {
        CloudEvent event;
        try {
            event = EventJson.read(json);
        } catch (IllegalArgumentException e) {
            LOG.warning("skipping a malformed event: " + e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> ProcessedEvents.firstDelivery(event.id())
                        .chain(first -> first ? effect.apply(event) : Uni.createFrom().voidItem()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).atMost(40)
                .onFailure().recoverWithUni(failure -> {
                    LOG.severe("giving up on event " + event.id() + " after retries: " + failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
