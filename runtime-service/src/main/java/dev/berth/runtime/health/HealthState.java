package dev.berth.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * State.Health {@code {Status, FailingStreak, Log}} and moby's handleProbeResult: the last 5 results, healthy on exit
 * code 0, unhealthy after {@code retries} failures in a row, failures inside the start period not counted while
 * still starting.
 */
public final class HealthState {
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    static final int MAX_LOG = 5;
    static final int MAX_OUTPUT = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthState() {
    }

    /** A (re)started container: starting, streak 0, the log kept. */
    public static String starting(String previous) {
        ObjectNode h = parse(previous);
        h.put("Status", STARTING);
        h.put("FailingStreak", 0);
        if (!h.path("Log").isArray()) {
            h.set("Log", JSON.createArrayNode());
        }
        return h.toString();
    }

    public static String status(String health) {
        return health == null ? null : parse(health).path("Status").asText(STARTING);
    }

    /** Applies one probe result; returns the new JSON. */
    public static String record(String health, HealthConfig config, Instant containerStarted, Instant start,
            Instant end, int exitCode, String output) {
        ObjectNode h = parse(health);
        ArrayNode log = h.path("Log").isArray() ? (ArrayNode) h.get("Log") : JSON.createArrayNode();
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Start", start.toString());
        entry.put("End", end.toString());
        entry.put("ExitCode", exitCode);
        String out = output == null ? "" : output;
        entry.put("Output", out.length() > MAX_OUTPUT ? out.substring(0, MAX_OUTPUT) : out);
        log.add(entry);
        while (log.size() > MAX_LOG) {
            log.remove(0);
        }
        h.set("Log", log);
        String status = h.path("Status").asText(STARTING);
        if (exitCode == 0) {
            h.put("FailingStreak", 0);
            h.put("Status", HEALTHY);
        } else {
            boolean inStartPeriod = STARTING.equals(status) && containerStarted != null
                    && Duration.between(containerStarted, start).compareTo(config.startPeriod()) < 0;
            if (!inStartPeriod) {
                int streak = h.path("FailingStreak").asInt(0) + 1;
                h.put("FailingStreak", streak);
                if (streak >= config.retries()) {
                    h.put("Status", UNHEALTHY);
                }
            }
        }
        return h.toString();
    }

    /** The delay before the next probe (moby monitor.getInterval). */
    public static Duration nextDelay(HealthConfig config, String health, Instant containerStarted, Instant now) {
        if (containerStarted == null || Duration.between(containerStarted, now).compareTo(config.startPeriod()) >= 0) {
            return config.interval();
        }
        return STARTING.equals(status(health)) ? config.startInterval() : config.interval();
    }

    public static JsonNode tree(String health) {
        return parse(health);
    }

    private static ObjectNode parse(String health) {
        try {
            JsonNode n = health == null ? null : JSON.readTree(health);
            return n instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
