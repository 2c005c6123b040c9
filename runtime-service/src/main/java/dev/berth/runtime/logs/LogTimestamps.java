package dev.berth.runtime.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * conmon's record timestamps ({@code 2026-12-02T02:30:43.539203779+00:00}) read without allocating, and written as
 * dockerd shows them ({@code 2026-12-02T02:30:43.539203779Z}). The common shape (nine fraction digits, UTC) takes
 * the fast path; anything else goes through {@link OffsetDateTime}.
 */
final class LogTimestamps {
    private static final DateTimeFormatter DOCKER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'");
    private static final int FAST_LENGTH = "2026-12-02T02:30:43.539203779+00:00".length();
    /** Marks a timestamp that could not be read. */
    static final long UNREADABLE = Long.MIN_VALUE;

    private LogTimestamps() {
    }

    static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** The timestamp in {@code b[from, to)} as nanoseconds since the epoch, or {@link #UNREADABLE}. */
    static long epochNanos(byte[] b, int from, int to) {
        try {
            if (to - from == FAST_LENGTH && isUtcNanos(b, from)) {
                long day = LocalDate.of(digits(b, from, 4), digits(b, from + 5, 2), digits(b, from + 8, 2))
                        .toEpochDay();
                long seconds = day * 86_400 + digits(b, from + 11, 2) * 3600L + digits(b, from + 14, 2) * 60L
                        + digits(b, from + 17, 2);
                return seconds * 1_000_000_000L + digits(b, from + 20, 9);
            }
            return epochNanos(OffsetDateTime.parse(new String(b, from, to - from, StandardCharsets.US_ASCII))
                    .toInstant());
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return UNREADABLE;
        }
    }

    /** dockerd's form of the timestamp in {@code b[from, to)}, as bytes. */
    static byte[] dockerForm(byte[] b, int from, int to) {
        if (to - from == FAST_LENGTH && isUtcNanos(b, from)) {
            byte[] out = new byte[FAST_LENGTH - 5];
            System.arraycopy(b, from, out, 0, FAST_LENGTH - 6);
            out[out.length - 1] = 'Z';
            return out;
        }
        long nanos = epochNanos(b, from, to);
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        return DOCKER.format(t.atOffset(ZoneOffset.UTC)).getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isUtcNanos(byte[] b, int at) {
        return b[at + 4] == '-' && b[at + 7] == '-' && b[at + 10] == 'T' && b[at + 13] == ':' && b[at + 16] == ':'
                && b[at + 19] == '.' && b[at + 29] == '+' && b[at + 30] == '0' && b[at + 31] == '0'
                && b[at + 32] == ':' && b[at + 33] == '0' && b[at + 34] == '0'
                && allDigits(b, at, 4) && allDigits(b, at + 5, 2) && allDigits(b, at + 8, 2)
                && allDigits(b, at + 11, 2) && allDigits(b, at + 14, 2) && allDigits(b, at + 17, 2)
                && allDigits(b, at + 20, 9);
    }

    private static boolean allDigits(byte[] b, int at, int n) {
        for (int i = at; i < at + n; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static int digits(byte[] b, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }
}
