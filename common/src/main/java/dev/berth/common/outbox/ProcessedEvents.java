package dev.berth.common.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Idempotent consumption: a consumer records the event id in the same transaction as its effect and skips the
 * effect when the id was already there (Kafka delivers at least once).
 */
public final class ProcessedEvents {
    private static final String INSERT = "insert into processed_event (id) values (:id) on conflict do nothing";

    private ProcessedEvents() {
    }

    /** True the first time this event id is seen by this service; false for a redelivery. */
    public static Uni<Boolean> firstDelivery(String eventId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", UUID.fromString(eventId))
                        .executeUpdate())
                .map(count -> count == 1);
    }
}
