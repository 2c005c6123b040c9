package dev.berth.image.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's RFC3339Nano: UTC, fraction without trailing zeros; the zero time when absent. */
final class DockerTime {
    static final String ZERO = "0001-01-01T00:00:00Z";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private DockerTime() {
    }

    static String rfc3339Nano(Instant instant) {
        if (instant == null) {
            return ZERO;
        }
        StringBuilder s = new StringBuilder(SECONDS.format(instant));
        int nanos = instant.getNano();
        if (nanos > 0) {
            String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
            s.append('.').append(fraction);
        }
        return s.append('Z').toString();
    }
}
