package dev.berth.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.ContainerSpec;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.HealthcheckSpec;
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

    /** moby's checks (create); none without a Healthcheck. */
    public static void check(HealthcheckSpec hc) {
        if (hc == null) {
            return;
        }
        checkDuration(hc.interval(), "Interval");
        checkDuration(hc.timeout(), "Timeout");
        checkDuration(hc.startPeriod(), "StartPeriod");
        checkDuration(hc.startInterval(), "StartInterval");
        if (hc.retries() < 0) {
            throw BerthException.invalid("Retries in Healthcheck cannot be negative");
        }
    }

    private static void checkDuration(long nanos, String field) {
        if (nanos != 0 && nanos < MIN.toNanos()) {
            throw BerthException.invalid(field + " in Healthcheck cannot be less than " + MIN.toMillis() + "ms");
        }
    }

    /** The probe of a container's stored Config, or null without one. */
    public static HealthConfig of(JsonNode config) {
        return of(ContainerSpecParser.stored(config, null));
    }

    /** The probe of a container, or null without one (none, {@code NONE}, unknown type, no command). */
    public static HealthConfig of(ContainerSpec spec) {
        HealthcheckSpec hc = spec.healthcheck();
        if (hc == null || hc.test().isEmpty()) {
            return null;
        }
        String type = hc.test().get(0);
        List<String> command = new ArrayList<>(hc.test().subList(1, hc.test().size()));
        if (type.equals("CMD-SHELL")) {
            List<String> shell = new ArrayList<>(spec.shell().isEmpty() ? List.of("/bin/sh", "-c") : spec.shell());
            shell.add(String.join(" ", command));
            command = shell;
        } else if (!type.equals("CMD")) {
            return null;
        }
        if (command.isEmpty()) {
            return null;
        }
        return new HealthConfig(command, duration(hc.interval(), Duration.ofSeconds(30)),
                duration(hc.timeout(), Duration.ofSeconds(30)), duration(hc.startPeriod(), Duration.ZERO),
                duration(hc.startInterval(), Duration.ofSeconds(5)), hc.retries() <= 0 ? 3 : hc.retries());
    }

    private static Duration duration(long nanos, Duration fallback) {
        return nanos <= 0 ? fallback : Duration.ofNanos(nanos);
    }
}
