package dev.berth.build.queue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.Topics;
import dev.berth.common.outbox.JdbcOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The build queue in table {@code build_job}, from blocking threads: every state change commits together with its
 * event in the outbox. Times are the database's ({@code now()}), so workers on machines whose clocks differ still
 * agree on when a lease ran out.
 */
@jakarta.enterprise.context.ApplicationScoped
public class BuildJobs {
    /** A job a worker just took: attempt 1 is a fresh build, later attempts take over from a lost worker. */
    public record Claimed(String id, int attempt, String options, String contextDigest, int lastFinishedStep,
            String previousOwner, boolean cancelRequested) {
    }

    /** What renewing a lease found. */
    public enum Renewal { HELD, CANCEL_REQUESTED, LOST }

    private static final String CLAIM = """
            with next as (
                select id, lease_owner as previous from build_job
                where state = 'queued' or (state = 'running' and lease_expiry < now())
                order by created_at limit 1 for update skip locked)
            update build_job j set state = 'running', attempt = j.attempt + 1, lease_owner = ?,
                lease_expiry = now() + make_interval(secs => ?), started_at = coalesce(j.started_at, now()),
                updated_at = now()
            from next where j.id = next.id
            returning j.id, j.attempt, j.options::text, j.context_digest, j.last_finished_step, next.previous,
                j.cancel_requested""";

    private final DataSource db;

    @jakarta.inject.Inject
    public BuildJobs(DataSource db) {
        this.db = db;
    }

    /** Records a queued build and announces it to the workers (berth.build.jobs) and the auditors (berth.build). */
    public void enqueue(JobRequest job) {
        String id = job.id();
        String contextDigest = job.contextDigest();
        String tags = String.join(",", job.options().tags());
        transaction(c -> {
            update(c, "insert into build_job (id, state, options, context_digest) values (?, 'queued', ?::jsonb, ?)",
                    id, JobOptionsJson.write(job.options()), contextDigest);
            var attributes = BuildEvents.attributes("tags", tags, "context", contextDigest);
            JdbcOutbox.append(c, Topics.BUILD, BuildEvents.of("queued", id, attributes));
            JdbcOutbox.append(c, BuildEvents.JOBS, BuildEvents.of("queued", id, attributes));
            return null;
        });
    }

    /** Takes the oldest queued job, or one whose worker stopped renewing its lease; announces the start. */
    public Optional<Claimed> claim(String owner, int leaseSeconds) {
        return transaction(c -> {
            Claimed claimed = null;
            try (PreparedStatement q = statement(c, CLAIM, owner, leaseSeconds)) {
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        claimed = new Claimed(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                                rs.getInt(5), rs.getString(6), rs.getBoolean(7));
                    }
                }
            }
            if (claimed != null) {
                JdbcOutbox.append(c, Topics.BUILD, BuildEvents.of("started", claimed.id(), BuildEvents.attributes(
                        "worker", owner, "attempt", String.valueOf(claimed.attempt()),
                        "previousWorker", claimed.attempt() > 1 ? claimed.previousOwner() : null,
                        "resumeAfterStep", claimed.attempt() > 1 ? String.valueOf(claimed.lastFinishedStep()) : null)));
            }
            return Optional.ofNullable(claimed);
        });
    }

    /** Pushes the lease forward while this worker still holds it; tells whether the client gave up. */
    public Renewal renew(String id, String owner, int attempt, int leaseSeconds) {
        return transaction(c -> {
            try (PreparedStatement q = statement(c, "update build_job set lease_expiry = now()"
                    + " + make_interval(secs => ?), updated_at = now() where id = ? and lease_owner = ?"
                    + " and attempt = ? and state = 'running' returning cancel_requested",
                    leaseSeconds, id, owner, attempt)) {
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Renewal.LOST;
                    }
                    return rs.getBoolean(1) ? Renewal.CANCEL_REQUESTED : Renewal.HELD;
                }
            }
        });
    }

    /** Step {@code number} of {@code total} is done (its image committed or found in the cache). */
    public void stepFinished(String id, int attempt, int number, int total) {
        transaction(c -> {
            if (update(c, "update build_job set last_finished_step = greatest(last_finished_step, ?),"
                    + " updated_at = now() where id = ? and attempt = ?", number, id, attempt) == 1) {
                JdbcOutbox.append(c, Topics.BUILD, BuildEvents.of("step", id, BuildEvents.attributes(
                        "step", number + "/" + total, "attempt", String.valueOf(attempt))));
            }
            return null;
        });
    }

    /** The job ended: succeeded (with its image), failed (with the message) or cancelled. */
    public void finish(String id, int attempt, String state, String imageId, String error, String owner) {
        transaction(c -> {
            // the base-image credentials are kept only while the build may still need them
            if (update(c, "update build_job set state = ?, image_id = ?, error = ?, lease_expiry = null,"
                    + " options = options - 'registryConfig', finished_at = now(), updated_at = now()"
                    + " where id = ? and attempt = ? and state = 'running'",
                    state, imageId, error, id, attempt) == 1) {
                String action = state.equals("succeeded") ? "finished" : state;
                JdbcOutbox.append(c, Topics.BUILD, BuildEvents.of(action, id, BuildEvents.attributes(
                        "worker", owner, "attempt", String.valueOf(attempt), "imageID", imageId, "error", error)));
            }
            return null;
        });
    }

    /** This worker stops (shutdown) without finishing the job: another worker takes it over at once. */
    public void release(String id, int attempt) {
        transaction(c -> update(c, "update build_job set lease_expiry = now(), updated_at = now()"
                + " where id = ? and attempt = ? and state = 'running'", id, attempt));
    }

    /** The client went away: the worker running the job sees the flag at its next renewal and cancels. */
    public void requestCancel(String id) {
        transaction(c -> update(c, "update build_job set cancel_requested = true, updated_at = now() where id = ?",
                id));
    }

    /** Whether a job not yet ended still needs this stored context. */
    public boolean contextInUse(String digest) {
        return transaction(c -> {
            try (PreparedStatement q = statement(c, "select 1 from build_job where context_digest = ?"
                    + " and state in ('queued', 'running') limit 1", digest)) {
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** A job as operators see it ({@code GET /build/jobs}). */
    public record Row(String id, String state, String worker, int attempt, int lastFinishedStep, List<String> tags,
            java.time.OffsetDateTime createdAt, java.time.OffsetDateTime startedAt,
            java.time.OffsetDateTime finishedAt) {
    }

    /** The newest jobs first. */
    public List<Row> recent(int limit) {
        return transaction(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement q = statement(c, "select id, state, lease_owner, attempt,"
                    + " last_finished_step, options::text, created_at, started_at, finished_at from build_job"
                    + " order by created_at desc limit ?", limit)) {
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                rs.getInt(5), JobOptionsJson.read(rs.getString(6)).tags(), rs.getObject(7, java.time.OffsetDateTime.class),
                                rs.getObject(8, java.time.OffsetDateTime.class),
                                rs.getObject(9, java.time.OffsetDateTime.class)));
                    }
                }
            }
            return rows;
        });
    }

    private static PreparedStatement statement(Connection c, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = statement(c, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T transaction(Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new BerthException(dev.berth.common.errors.ErrorKind.UNAVAILABLE,
                    "build queue unavailable: " + e.getMessage());
        }
    }
}
