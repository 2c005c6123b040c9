package dev.berth.build.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The rows of {@code build_cache} for accounting and pruning (the builds themselves use {@link JdbcStepCache}). */
public class JdbcCacheRecords {
    private static final String LIST = """
            select c.parent_id, c.cache_key, c.child_id, coalesce(c.components ->> 'instruction', ''), c.created_at,
                   c.last_used, c.use_count,
                   exists (select 1 from build_job j where j.state = 'running' and j.started_at <= c.last_used)
            from build_cache c order by c.created_at, c.cache_key""";
    private final DataSource db;

    public JdbcCacheRecords(DataSource db) {
        this.db = db;
    }

    public List<CacheRecord> all() {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement(LIST);
                ResultSet rs = q.executeQuery()) {
            List<CacheRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new CacheRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getInt(7),
                        rs.getBoolean(8)));
            }
            return out;
        } catch (SQLException e) {
            throw JdbcStepCache.failure(e);
        }
    }

    /** Deletes a record unless a build used it again after {@code seen} (then it is no longer what was pruned). */
    public boolean delete(CacheRecord record) {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("delete from build_cache where parent_id = ?"
                        + " and cache_key = ? and last_used <= ?")) {
            q.setString(1, record.parent());
            q.setString(2, record.key());
            q.setTimestamp(3, java.sql.Timestamp.from(record.lastUsed()));
            return q.executeUpdate() == 1;
        } catch (SQLException e) {
            throw JdbcStepCache.failure(e);
        }
    }
}
