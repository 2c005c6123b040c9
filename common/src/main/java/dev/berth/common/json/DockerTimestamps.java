package dev.berth.common.json;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The time values of Docker's filters and queries ({@code until}, {@code since}) as moby's timetypes reads them. */
public final class DockerTimestamps {
    private DockerTimestamps() {
    }

    /** The {@code until} values of a prune's filters (the last one counts), or null; a bad value is a 400. */
    public static Instant untilFilter(java.util.Map<String, java.util.List<String>> filters, Instant now) {
        Instant until = null;
        for (String value : filters.getOrDefault("until", java.util.List.of())) {
            try {
                until = until(value, now);
            } catch (IllegalArgumentException e) {
                throw dev.berth.common.errors.BerthException.invalid(e.getMessage());
            }
        }
        return until;
    }

    /** Docker's timestamp filter: unix seconds[.nanos], RFC 3339 (date or date-time), or a Go duration before now. */
    public static Instant until(String value, Instant now) {
        String v = value.strip();
        if (v.matches("[0-9]+(\\.[0-9]+)?")) {
            String[] parts = v.split("\\.");
            long nanos = parts.length > 1 ? Long.parseLong((parts[1] + "000000000").substring(0, 9)) : 0;
            return Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
        }
        if (v.matches("([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)").matcher(v);
            double nanos = 0;
            while (m.find()) {
                double n = Double.parseDouble(m.group(1));
                nanos += n * switch (m.group(2)) {
                    case "ns" -> 1;
                    case "us" -> 1e3;
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    case "m" -> 60e9;
                    default -> 3600e9;
                };
            }
            return now.minus(Duration.ofNanos((long) nanos));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("failed to parse value \"" + value + "\" as a timestamp");
            }
        }
    }
}
