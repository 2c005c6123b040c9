package dev.berth.gateway;

import dev.berth.common.errors.BerthException;
import dev.berth.common.json.DockerFilters;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** The parameters of {@code GET /events}: since, until and filters, as dockerd reads them. */
record EventQuery(Instant since, Instant until, Map<String, List<String>> filters) {
    static EventQuery parse(String since, String until, String filters) {
        Instant from = time("since", since);
        Instant to = time("until", until);
        if (from != null && to != null && to.isBefore(from)) {
            throw BerthException.invalid("`since` time (" + since + ") cannot be after `until` time (" + until + ")");
        }
        return new EventQuery(from, to, filters(filters));
    }

    boolean live() {
        return until == null || until.isAfter(Instant.now());
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(value.trim());
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException notNumber) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw BerthException.invalid("invalid value for " + name + ": " + value);
            }
        }
    }

    /** Accepts both encodings clients use: {@code {"type":["container"]}} and {@code {"type":{"container":true}}}. */
    static Map<String, List<String>> filters(String raw) {
        return DockerFilters.parse(raw, null);
    }
}
