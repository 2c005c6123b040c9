package dev.berth.build.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The step cache in build-service's PostgreSQL database (table {@code build_cache}), used from worker threads. */
public class JdbcStepCache implements StepCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource db;

    public JdbcStepCache(DataSource db) {
        this.db = db;
    }

    @Override
    public Optional<String> lookup(String parent, String key) {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("update build_cache set last_used = now(),"
                        + " use_count = use_count + 1 where parent_id = ? and cache_key = ? returning child_id")) {
            q.setString(1, parent);
            q.setString(2, key);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void record(String parent, String key, String child, String position, Map<String, String> components) {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("insert into build_cache"
                        + " (parent_id, cache_key, child_id, position, components) values (?, ?, ?, ?, ?::jsonb)"
                        + " on conflict (parent_id, cache_key) do update set child_id = excluded.child_id,"
                        + " position = excluded.position, components = excluded.components, created_at = now(),"
                        + " last_used = now()")) {
            q.setString(1, parent);
            q.setString(2, key);
            q.setString(3, child);
            q.setString(4, position);
            q.setString(5, JSON.writeValueAsString(components));
            q.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<Map<String, String>> previous(String parent, String position) {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("select components from build_cache"
                        + " where position = ? and parent_id = ? order by created_at desc limit 1")) {
            q.setString(1, position);
            q.setString(2, parent);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(JSON.readValue(rs.getString(1), new TypeReference<Map<String, String>>() { }));
            }
        } catch (SQLException e) {
            throw failure(e);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void forget(String parent, String key) {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("delete from build_cache where parent_id = ?"
                        + " and cache_key = ?")) {
            q.setString(1, parent);
            q.setString(2, key);
            q.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    static BerthException failure(SQLException e) {
        return new BerthException(dev.berth.common.errors.ErrorKind.UNAVAILABLE,
                "build cache database: " + e.getMessage(), e);
    }
}
