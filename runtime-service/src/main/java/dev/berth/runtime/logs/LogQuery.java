package dev.berth.runtime.logs;

import java.time.Instant;

/**
 * What a {@code docker logs} (or attach {@code logs=1}) call asks for: which streams, whether to follow, prefix
 * timestamps, keep only the last {@code tail} records ({@code -1}: all) and the {@code since}/{@code until} window
 * (null: open).
 */
public record LogQuery(boolean stdout, boolean stderr, boolean follow, boolean timestamps, int tail, Instant since,
        Instant until) {

    /** attach's {@code logs=1}: everything so far, no timestamps. */
    public static LogQuery everything(boolean stdout, boolean stderr) {
        return new LogQuery(stdout, stderr, false, false, -1, null, null);
    }

    /** Whether a record of this stream (1 stdout, 2 stderr) is wanted. */
    public boolean wants(int stream) {
        return stream == 1 ? stdout : stream == 2 && stderr;
    }

    /** Whether records are chosen by their time ({@code --since}/{@code --until}); showing timestamps does not need it. */
    boolean needsTime() {
        return since != null || until != null;
    }

    long sinceNanos() {
        return since == null ? Long.MIN_VALUE : LogTimestamps.epochNanos(since);
    }

    long untilNanos() {
        return until == null ? Long.MAX_VALUE : LogTimestamps.epochNanos(until);
    }

    /** Docker's since/until: unix seconds with an optional fraction; null when absent. */
    public static Instant parseUnixTime(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        int dot = v.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? v : v.substring(0, dot));
        long nanos = 0;
        if (dot >= 0) {
            String frac = (v.substring(dot + 1) + "000000000").substring(0, 9);
            nanos = Long.parseLong(frac);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
