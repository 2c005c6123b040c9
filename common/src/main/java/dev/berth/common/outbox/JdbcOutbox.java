package dev.berth.common.outbox;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * {@link Outbox} for code on blocking threads with a JDBC connection: the event row joins the caller's JDBC
 * transaction, and {@link OutboxRelay} publishes it once that commits (the table's trigger notifies every relay).
 */
public final class JdbcOutbox {
    private static final String INSERT = Outbox.insert("?, ?, ?, ?, true");

    private JdbcOutbox() {
    }

    public static void append(Connection connection, String topic, CloudEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, UUID.fromString(event.id()));
            insert.setString(2, topic);
            insert.setString(3, event.subject());
            insert.setString(4, EventJson.write(event));
            insert.executeUpdate();
        }
    }
}
