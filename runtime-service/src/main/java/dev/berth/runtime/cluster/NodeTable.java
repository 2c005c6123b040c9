package dev.berth.runtime.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.events.Topics;
import dev.berth.common.outbox.JdbcOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes of table {@code node} on a JDBC connection, each change with its event in the caller's transaction
 * ({@link JdbcOutbox}). Used by the node at its start and by the node watch on its lock connection.
 */
final class NodeTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Inserts or refreshes a node's row from its announcement; {@code xmax = 0} tells an insert from an update. */
    private static final String UPSERT = "insert into node (id, name, addr, labels, ncpu, mem_total, engine_version,"
            + " api, last_seen) select ?, ?, ?, ?::jsonb, ?::integer, ?::bigint, ?, ?, now()"
            + " where not exists (select 1 from node_removed r where r.id = ? and r.removed_at > ?"
            + " and r.removed_at > now() - interval '1 minute') on conflict (id) do update set"
            + " name = excluded.name, addr = excluded.addr, labels = excluded.labels, ncpu = excluded.ncpu,"
            + " mem_total = excluded.mem_total, engine_version = excluded.engine_version, api = excluded.api,"
            + " last_seen = now(),"
            + " version = node.version + case when" + changed() + " then 1 else 0 end,"
            + " updated_at = case when" + changed() + " then now() else node.updated_at end"
            + " returning (xmax = 0) as inserted";
    private static final String STATUS = "update node set status = ?, version = version + 1, updated_at = now()"
            + " where id = ? and status = ? returning name";
    private static final String STATUSES = "select id, status, last_seen from node";
    private static final String LEADER = "update node set leader = (id = ?) where leader <> (id = ?)";

    /** A row's status as the watch needs it. */
    record Status(String id, String status, Instant lastSeen) {
    }

    private NodeTable() {
    }

    private static String changed() {
        return " (node.name, node.addr, node.labels, node.ncpu, node.mem_total, node.engine_version, node.api)"
                + " is distinct from (excluded.name, excluded.addr, excluded.labels, excluded.ncpu,"
                + " excluded.mem_total, excluded.engine_version, excluded.api)";
    }

    /** The node's row from its announcement (last_seen now); a new row comes with its {@code create} event. */
    static boolean announce(Connection db, NodeIdentity node) throws SQLException {
        return announce(db, node, Instant.now());
    }

    /**
     * The same from an announcement made at {@code sentAt} (a heartbeat's record time): nothing when the node's row was
     * removed after it was sent (a late beat of a stopped node must not bring the row back).
     */
    static boolean announce(Connection db, NodeIdentity node, Instant sentAt) throws SQLException {
        try (PreparedStatement upsert = db.prepareStatement(UPSERT)) {
            upsert.setString(1, node.id());
            upsert.setString(2, node.name());
            upsert.setString(3, node.addr());
            upsert.setString(4, json(node));
            upsert.setInt(5, node.ncpu());
            upsert.setLong(6, node.memTotal());
            upsert.setString(7, node.engineVersion());
            upsert.setString(8, node.api());
            upsert.setString(9, node.id());
            upsert.setObject(10, java.time.OffsetDateTime.ofInstant(sentAt, java.time.ZoneOffset.UTC));
            try (ResultSet rs = upsert.executeQuery()) {
                boolean inserted = rs.next() && rs.getBoolean(1);
                if (inserted) {
                    JdbcOutbox.append(db, Topics.NODE, NodeEvents.created(node.id(), node.name()));
                }
                return inserted;
            }
        }
    }

    /**
     * Applies a transition unless the row is no longer in its old status, with its {@code update} event: the node's
     * name when it applied, else null.
     */
    static String apply(Connection db, NodeStatusTracker.Transition change) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(STATUS)) {
            update.setString(1, change.to());
            update.setString(2, change.id());
            update.setString(3, change.from());
            try (ResultSet rs = update.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String name = rs.getString(1);
                JdbcOutbox.append(db, Topics.NODE, NodeEvents.stateChanged(change.id(), name, change.from(),
                        change.to()));
                return name;
            }
        }
    }

    static List<Status> statuses(Connection db) throws SQLException {
        List<Status> rows = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(STATUSES); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(new Status(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
            }
        }
        return rows;
    }

    /** Marks {@code id} as the holder of the watch (ManagerStatus.Leader), and no other node. */
    static void lead(Connection db, String id) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(LEADER)) {
            update.setString(1, id);
            update.setString(2, id);
            update.executeUpdate();
        }
    }

    private static String json(NodeIdentity node) {
        try {
            return JSON.writeValueAsString(node.labels());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
