package dev.berth.common.outbox;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes an event into the service's {@code outbox} table inside the caller's transaction, so the state change and
 * the fact that it happened commit together. {@link OutboxRelay} publishes it to Kafka once that commits (the
 * table's trigger notifies every relay of the database).
 */
public final class Outbox {
    private static final String INSERT = insert(":id, :topic, :key, :payload, true");
    private static final String INSERT_QUIET = insert("$1, $2, $3, $4, false");

    private Outbox() {
    }

    /**
     * The outbox insert with {@code values} for id, topic, key, payload and wake, in the caller's placeholders
     * (Hibernate's {@code :name}, the reactive client's {@code $n}, JDBC's {@code ?}): one column list for every writer.
     */
    static String insert(String values) {
        return "insert into outbox (id, topic, event_key, payload, wake) values (" + values + ")";
    }

    /** Appends within the current Panache transaction. */
    public static Uni<Void> append(String topic, CloudEvent event) {
        return Panache.getSession().chain(session -> append(session, topic, event));
    }

    /**
     * Appends in a statement of its own (its own transaction), without a Hibernate session, and without waking the
     * relays: for an event that changes no row of the service and that no service waits for (an exec's). The caller
     * then asks its relay for a pass soon ({@link OutboxRelay#nudgeSoon}); a burst of such events shares one pass,
     * after the burst, instead of a pass (and every consumer's work) beside each of them.
     */
    public static Uni<Void> appendQuiet(io.vertx.mutiny.sqlclient.Pool pool, String topic, CloudEvent event) {
        return pool.preparedQuery(INSERT_QUIET)
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(event.id()), topic, event.subject(),
                        EventJson.write(event)))
                .replaceWithVoid();
    }

    public static Uni<Void> append(Mutiny.Session session, String topic, CloudEvent event) {
        return session.createNativeQuery(INSERT)
                .setParameter("id", UUID.fromString(event.id()))
                .setParameter("topic", topic)
                .setParameter("key", event.subject())
                .setParameter("payload", EventJson.write(event))
                .executeUpdate()
                .replaceWithVoid();
    }
}
