package dev.berth.common.outbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Moves committed outbox rows to Kafka, oldest first, and marks them published once the broker acknowledged them.
 * A pass runs when the outbox's trigger notifies a commit ({@link OutboxListener}), after a failed pass (Kafka or the
 * database away) every second until one succeeds, and once a minute as a safety net; an idle relay costs nothing.
 * One pass at a time per database: a pass first takes a transaction-scoped advisory lock, so that the relays of
 * several processes of a service (build workers, runtime nodes) never publish two batches side by side, which could
 * put one object's events out of order on Kafka. A pass that finds the lock taken tries again shortly (the holder
 * may have read the outbox before this process's row was committed). A crash between send and mark publishes again
 * (consumers are idempotent). Quiet rows (events no service waits for) wake no relay: their writer calls
 * {@link #nudgeSoon}, and any earlier pass publishes them with the rest, in order.
 */
public final class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
    private static final String PENDING = "select seq, topic, event_key, payload from outbox"
            + " where published_at is null order by seq limit 256 for update skip locked";
    private static final String MARK = "update outbox set published_at = now() where seq = any($1)";
    /** pg_try_advisory_xact_lock key of the relay pass ("berth-ob"); each service has its own database. */
    private static final String LOCK = "select pg_try_advisory_xact_lock(7090199032654294882)";
    /** The safety net's period: longer than the pool's idle timeout, so an idle service keeps no extra backend. */
    private static final long INTERVAL_MS = 60_000;
    private static final long FAILED_RETRY_MS = 1000;
    private static final long LOCKED_RETRY_MS = 20;
    /** How long a quiet row ({@link Outbox#appendQuiet}) waits for its pass at most, if no other pass comes first. */
    static final long QUIET_LINGER_MS = 250;
    /** relayBatch's answer when another process's pass holds the lock: one retry shortly, then the periodic pass. */
    private static final int LOCKED_ELSEWHERE = -1;

    private final Vertx vertx;
    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private final AtomicBoolean failedRetryScheduled = new AtomicBoolean();
    private final AtomicBoolean soonScheduled = new AtomicBoolean();

    private OutboxRelay(Vertx vertx, Pool pool, MutinyEmitter<String> emitter) {
        this.vertx = vertx;
        this.pool = pool;
        this.emitter = emitter;
    }

    /** Starts relaying: at once, at every commit that wrote outbox rows (any process's), and once a minute. */
    public static OutboxRelay start(Vertx vertx, Pool pool, MutinyEmitter<String> emitter) {
        OutboxRelay relay = new OutboxRelay(vertx, pool, emitter);
        vertx.setPeriodic(INTERVAL_MS, id -> relay.nudge());
        OutboxListener.start(vertx, pool, relay::nudge);
        return relay;
    }

    /** Runs a relay pass now, or right after the one in progress. */
    public void nudge() {
        if (!busy.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        pool.withTransaction(this::relayBatch).subscribe().with(
                published -> {
                    if (published == LOCKED_ELSEWHERE) {
                        busy.set(false);
                        // once: while the holder is stuck (Kafka away), the periodic pass is enough
                        if (retryScheduled.compareAndSet(false, true)) {
                            vertx.setTimer(LOCKED_RETRY_MS, id -> nudge());
                        }
                        return;
                    }
                    retryScheduled.set(false);
                    finish(published > 0);
                },
                failure -> {
                    LOG.log(Level.FINE, "outbox relay pass failed, will retry: " + failure.getMessage());
                    busy.set(false);
                    if (failedRetryScheduled.compareAndSet(false, true)) {
                        vertx.setTimer(FAILED_RETRY_MS, id -> {
                            failedRetryScheduled.set(false);
                            nudge();
                        });
                    }
                });
    }

    /**
     * Runs a relay pass {@link #QUIET_LINGER_MS} from now, for quiet rows this process wrote (they wake no relay):
     * the rows of every call until then share that one pass.
     */
    public void nudgeSoon() {
        if (soonScheduled.compareAndSet(false, true)) {
            vertx.setTimer(QUIET_LINGER_MS, id -> {
                soonScheduled.set(false);
                nudge();
            });
        }
    }

    private void finish(boolean maybeMore) {
        busy.set(false);
        if (maybeMore || again.get()) {
            nudge();
        }
    }

    private Uni<Integer> relayBatch(SqlConnection connection) {
        return connection.query(LOCK).execute().chain(locked -> locked.iterator().next().getBoolean(0)
                ? connection.query(PENDING).execute().chain(rows -> publishAll(connection, rows))
                : Uni.createFrom().item(LOCKED_ELSEWHERE));
    }

    private Uni<Integer> publishAll(SqlConnection connection, RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Uni.createFrom().item(0);
        }
        List<Uni<Void>> sends = new ArrayList<>();
        List<Long> sequence = new ArrayList<>();
        for (Row row : rows) {
            sequence.add(row.getLong("seq"));
            sends.add(send(row.getString("topic"), row.getString("event_key"), row.getString("payload")));
        }
        return Uni.join().all(sends).andFailFast()
                .chain(() -> connection.preparedQuery(MARK).execute(Tuple.of(sequence.toArray(new Long[0]))))
                .map(done -> sequence.size());
    }

    private Uni<Void> send(String topic, String key, String payload) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .build();
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata));
    }
}
