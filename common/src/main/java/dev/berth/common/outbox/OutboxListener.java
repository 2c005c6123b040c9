package dev.berth.common.outbox;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgConnection;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one connection of the pool listening on the outbox channel, which the outbox table's trigger notifies at
 * each commit that added rows, and calls back on every notification and every time the listening (re)starts (rows
 * committed while it was away are then relayed too). A lost connection is replaced after a second.
 */
final class OutboxListener {
    static final String CHANNEL = "berth_outbox";
    private static final Logger LOG = Logger.getLogger(OutboxListener.class.getName());
    private static final long RECONNECT_MS = 1000;

    private final Vertx vertx;
    private final Pool pool;
    private final Runnable onCommit;

    private OutboxListener(Vertx vertx, Pool pool, Runnable onCommit) {
        this.vertx = vertx;
        this.pool = pool;
        this.onCommit = onCommit;
    }

    static void start(Vertx vertx, Pool pool, Runnable onCommit) {
        new OutboxListener(vertx, pool, onCommit).listen();
    }

    private void listen() {
        pool.getConnection().subscribe().with(this::subscribe, this::retryLater);
    }

    private void subscribe(SqlConnection connection) {
        PgConnection pg = PgConnection.cast(connection.getDelegate());
        pg.notificationHandler(notification -> onCommit.run());
        pg.closeHandler(closed -> retryLater(null));
        connection.query("LISTEN " + CHANNEL).execute().subscribe().with(
                listening -> onCommit.run(),
                failure -> {
                    pg.closeHandler(null);
                    connection.close().subscribe().with(closed -> { }, ignored -> { });
                    retryLater(failure);
                });
    }

    private void retryLater(Throwable failure) {
        if (failure != null) {
            LOG.log(Level.FINE, "outbox listener could not listen, will retry: " + failure.getMessage());
        }
        vertx.setTimer(RECONNECT_MS, id -> listen());
    }
}
