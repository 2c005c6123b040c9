package dev.berth.runtime.restart;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Docker's restart delay per container: 100 ms, doubled at each restart up to one minute, back to 100 ms when the
 * container ran for 10 s or more (moby restartmanager). In memory: after a restart of the service it starts over.
 */
public final class Backoff {
    static final Duration FIRST = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofMinutes(1);
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    private final Map<String, Duration> current = new ConcurrentHashMap<>();

    /** The delay before the next restart of a container that ran for {@code ran}. */
    public Duration next(String id, Duration ran) {
        return current.compute(id, (k, previous) -> {
            if (previous == null || ran.compareTo(RESET_AFTER) >= 0) {
                return FIRST;
            }
            Duration doubled = previous.multipliedBy(2);
            return doubled.compareTo(MAX) > 0 ? MAX : doubled;
        });
    }

    public void forget(String id) {
        current.remove(id);
    }
}
