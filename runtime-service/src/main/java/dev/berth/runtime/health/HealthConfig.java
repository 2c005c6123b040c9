package dev.berth.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Config.Healthcheck {@code {Test, Interval, Timeout, StartPeriod, StartInterval, Retries}} (durations in
 * nanoseconds): Docker's merge with the image's HEALTHCHECK, its checks, defaults and the probe's argv.
 */
public record HealthConfig(List<String> command, Duration interval, Duration timeout, Duration startPeriod,
        Duration startInterval, int retries) {
    static final Duration MIN = Duration.ofMillis(1);

    /** The container's Healthcheck: the request's, with unset fields from the image's (moby commit.go merge). */
    public static JsonNode merge(JsonNode request, JsonNode image) {
        boolean hasRequest = request != null && request.isObject();
        boolean hasImage = image != null && image.isObject();
        if (!hasRequest) {
            return hasImage ? image.deepCopy() : null;
        }
        ObjectNode out = ((ObjectNode) request).deepCopy();
        if (hasImage) {
            if (out.path("Test").size() == 0 && image.has("Test")) {
                out.set("Test", image.get("Test"));
            }
            for (String f : List.of("Interval", "Timeout", "StartPeriod", "StartInterval", "Retries")) {
                if (out.path(f).asLong(0) == 0 && image.path(f).asLong(0) != 0) {
                    out.set(f, image.get(f));
                }
            }
        }
        return out;
    }

    /** moby's checks (create). */
    public static void check(JsonNode hc) {
        if (hc == null || !hc.isObject()) {
            return;
        }
        checkDuration(hc, "Interval");
        checkDuration(hc, "Timeout");
        checkDuration(hc, "StartPeriod");
        checkDuration(hc, "StartInterval");
        if (hc.path("Retries").asInt(0) < 0) {
            throw BerthException.invalid("Retries in Healthcheck cannot be negative");
        }
    }

    private static void checkDuration(JsonNode hc, String field) {
        long nanos = hc.path(field).asLong(0);
        if (nanos != 0 && nanos < MIN.toNanos()) {
            throw BerthException.invalid(field + " in Healthcheck cannot be less than " + MIN.toMillis() + "ms");
        }
    }

    /** The probe of a container's Config, or null without one (none, {@code NONE}, unknown type). */
    public static HealthConfig of(JsonNode config) {
        JsonNode hc = config.path("Healthcheck");
        JsonNode test = hc.path("Test");
        if (!test.isArray() || test.size() == 0) {
            return null;
        }
        String type = test.get(0).asText();
        List<String> command = new ArrayList<>();
        for (int i = 1; i < test.size(); i++) {
            command.add(test.get(i).asText());
        }
        if (type.equals("CMD-SHELL")) {
            List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c"));
            JsonNode configured = config.path("Shell");
            if (configured.isArray() && configured.size() > 0) {
                shell.clear();
                configured.forEach(s -> shell.add(s.asText()));
            }
            shell.add(String.join(" ", command));
            command = shell;
        } else if (!type.equals("CMD")) {
            return null;
        }
        if (command.isEmpty()) {
            return null;
        }
        return new HealthConfig(command, duration(hc, "Interval", Duration.ofSeconds(30)),
                duration(hc, "Timeout", Duration.ofSeconds(30)), duration(hc, "StartPeriod", Duration.ZERO),
                duration(hc, "StartInterval", Duration.ofSeconds(5)),
                hc.path("Retries").asInt(0) <= 0 ? 3 : hc.path("Retries").asInt());
    }

    private static Duration duration(JsonNode hc, String field, Duration fallback) {
        long nanos = hc.path(field).asLong(0);
        return nanos <= 0 ? fallback : Duration.ofNanos(nanos);
    }
}
