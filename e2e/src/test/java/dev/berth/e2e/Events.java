package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;

import java.util.List;
import java.util.function.Predicate;

/** Reads past events through the docker CLI, retrying while they travel outbox → Kafka → gateway. */
final class Events {
    private Events() {
    }

    /** {@code docker events --since --until now --format <format>} with filters, until {@code done} accepts. */
    static List<String> until(long since, String format, Predicate<List<String>> done, String... filters) {
        List<String> lines = List.of();
        for (int attempt = 0; attempt < 40; attempt++) {
            List<String> args = new java.util.ArrayList<>(List.of("events", "--since", String.valueOf(since),
                    "--until", String.valueOf(System.currentTimeMillis() / 1000 + 1), "--format", format));
            for (String f : filters) {
                args.add("--filter");
                args.add(f);
            }
            lines = docker(args.toArray(String[]::new)).ok().out().lines().toList();
            if (done.test(lines)) {
                return lines;
            }
            sleep(250);
        }
        return lines;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls {@code docker inspect -f format} until it equals {@code expected} (or the time is up); returns the last. */
    static String inspectUntil(String container, String format, String expected, long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        String last;
        do {
            last = docker("inspect", "-f", format, container).out().trim();
            if (last.equals(expected)) {
                return last;
            }
            sleep(100);
        } while (System.currentTimeMillis() < end);
        return last;
    }
}
