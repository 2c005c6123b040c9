package dev.berth.common.errors;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a failure that means "this service's database is away" (not reachable, restarting, shutting down), so
 * that the edge answers 503 with words instead of 500 with the driver's text (issue 18's PostgreSQL drill).
 * Outbound HTTP between services and to registries turns its own connect failures into {@link BerthException}s, so
 * a raw connect failure that reaches the edge is the database pool's.
 */
public final class DatabaseOutage {
    /** PostgreSQL's SQLSTATE at the end of the pg client's message: {@code FATAL: … (57P03)}. */
    private static final Pattern SQL_STATE = Pattern.compile("\\(([0-9A-Z]{5})\\)\\s*$");

    private DatabaseOutage() {
    }

    /** Whether the failure or one of its causes says the database is away (a retry later may succeed). */
    public static boolean isOutage(Throwable failure) {
        return describe(failure).isPresent();
    }

    /** "the database is not reachable: …" if the failure or one of its causes says the database is away. */
    public static Optional<String> describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Optional<String> why = why(t);
            if (why.isPresent()) {
                return Optional.of("the database is not reachable: " + why.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> why(Throwable t) {
        if (t instanceof java.net.ConnectException) {
            return Optional.of("connection refused");
        }
        if (t instanceof java.net.SocketException) { // the server went away under an open connection
            return Optional.of("connection lost");
        }
        String type = t.getClass().getName();
        if (type.equals("io.netty.channel.ConnectTimeoutException")) {
            return Optional.of("connect timed out");
        }
        if (type.equals("io.vertx.sqlclient.ClosedConnectionException")) {
            return Optional.of("connection closed");
        }
        if (type.equals("io.vertx.pgclient.PgException")) {
            return sqlState(t.getMessage()).filter(DatabaseOutage::meansAway).map(state -> describeState(state));
        }
        return Optional.empty();
    }

    private static Optional<String> sqlState(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = SQL_STATE.matcher(message);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Class 08 (connection exception), 57P01–57P03 (shut down, crashed, starting up), 53300 (too many connections). */
    private static boolean meansAway(String state) {
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300");
    }

    private static String describeState(String state) {
        switch (state) {
            case "57P01":
                return "it is shutting down";
            case "57P02":
                return "it restarts after a crash";
            case "57P03":
                return "it is starting up";
            case "53300":
                return "too many connections";
            default:
                return "connection failed (SQLSTATE " + state + ")";
        }
    }
}
