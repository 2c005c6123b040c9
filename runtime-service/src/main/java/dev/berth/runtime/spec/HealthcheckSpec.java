package dev.berth.runtime.spec;

import java.util.List;

/**
 * Config.Healthcheck as sent: the test ({@code ["CMD", ...]}, {@code ["CMD-SHELL", "..."]}, {@code ["NONE"]}), the
 * durations in nanoseconds and the retries, each 0 when unset (the defaults are the probe's, not the wire's).
 */
public record HealthcheckSpec(List<String> test, long interval, long timeout, long startPeriod, long startInterval,
        int retries) {
}
