package dev.berth.runtime.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.events.Topics;
import dev.berth.common.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads of table {@code node} (the reactive pool: requests never wait for the node watch's connection). */
@ApplicationScoped
public class NodeRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = "select id, name, addr, labels::text, ncpu, mem_total, engine_version,"
            + " status, version, leader, created_at, updated_at from node";

    @Inject
    Pool pool;

    public Uni<List<NodeRow>> all() {
        return pool.query(SELECT + " order by name, id").execute().map(rows -> {
            List<NodeRow> nodes = new ArrayList<>();
            rows.forEach(row -> nodes.add(of(row)));
            return nodes;
        });
    }

    /** Container counts per node name: [all, running, paused]. */
    public Uni<Map<String, long[]>> containersPerNode() {
        return pool.query("select node, count(*), count(*) filter (where state = 'running'),"
                + " count(*) filter (where state = 'paused') from container group by node").execute().map(rows -> {
                    Map<String, long[]> counts = new java.util.HashMap<>();
                    rows.forEach(row -> counts.put(row.getString(0),
                            new long[] {row.getLong(1), row.getLong(2), row.getLong(3)}));
                    return counts;
                });
    }

    /** A late heartbeat (sent before the removal) must not bring the row back: {@link NodeTable#announce}. */
    private static final String REMEMBER_REMOVAL = "insert into node_removed (id, removed_at) values (:id, now())"
            + " on conflict (id) do update set removed_at = now()";
    private static final String FORGET_OLD_REMOVALS = "delete from node_removed"
            + " where removed_at < now() - interval '1 minute'";

    /**
     * Deletes a node's row with its {@code remove} event, if it is down (or {@code force}); false when it was not
     * (any more). A removed node that beats again joins again, with a new {@code create}, once its beats are newer
     * than the removal.
     */
    public Uni<Boolean> remove(NodeRow node, boolean force) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("delete from node where id = :id and (status = 'down' or :force)")
                .setParameter("id", node.id()).setParameter("force", force).executeUpdate()
                .chain(count -> count == 0 ? Uni.createFrom().item(false)
                        : session.createNativeQuery(REMEMBER_REMOVAL).setParameter("id", node.id()).executeUpdate()
                                .chain(() -> session.createNativeQuery(FORGET_OLD_REMOVALS).executeUpdate())
                                .chain(() -> Outbox.append(session, Topics.NODE,
                                        NodeEvents.removed(node.id(), node.name())))
                                .replaceWith(true))));
    }

    private static NodeRow of(Row row) {
        return new NodeRow(row.getString("id"), row.getString("name"), row.getString("addr"),
                labels(row.getString("labels")), row.getInteger("ncpu"), row.getLong("mem_total"),
                row.getString("engine_version"), row.getString("status"), row.getLong("version"),
                row.getBoolean("leader"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }

    private static Map<String, String> labels(String json) {
        try {
            return JSON.readValue(json, new TypeReference<java.util.LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            return Map.of();
        }
    }
}
