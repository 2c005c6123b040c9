package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many lifecycle requests at once, as {@code docker compose up} or {@code docker rm -f $(docker ps -aq)} send them:
 * runtime-service runs their database steps concurrently. Each wave must finish within a bound, nothing may be left,
 * and no PostgreSQL session of runtime-service may be left "idle in transaction" (a transaction whose commit never
 * came: the symptom of hibernate-reactive#1713 with concurrent entity deletes).
 */
class ConcurrencyTest {
    private static final int N = 20;
    private static final Duration WAVE = Duration.ofSeconds(40);
    private final String prefix = "e2e-conc-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private final ExecutorService pool = Executors.newFixedThreadPool(N);

    @AfterEach
    void cleanUp() {
        pool.shutdownNow();
        String left = docker("ps", "-aq", "--filter", "name=" + prefix).trimmed();
        if (!left.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(left.split("\\s+")));
            docker(args.toArray(String[]::new));
        }
    }

    @Test
    void parallelCreateStartRemoveAndRunRmFinishAndLeaveNothing() throws Exception {
        wave("create", i -> new String[] {"create", "--name", prefix + i, "--network", "none", "busybox", "sleep", "100"});
        wave("start", i -> new String[] {"start", prefix + i});
        assertEquals(N, docker("ps", "-q", "--filter", "name=" + prefix).ok().trimmed().split("\\s+").length,
                "all containers run");
        wave("rm -f", i -> new String[] {"rm", "-f", prefix + i});
        wave("run --rm", i -> new String[] {"run", "--rm", "--name", prefix + "rm-" + i, "--network", "none",
                "busybox", "true"});
        wave("run -d + rm -f", i -> new String[] {"run", "-d", "--name", prefix + "d-" + i, "--network", "none",
                "busybox", "sleep", "100"});
        wave("rm -f", i -> new String[] {"rm", "-f", prefix + "d-" + i});

        assertEquals("", docker("ps", "-aq", "--filter", "name=" + prefix).ok().trimmed(), "containers left behind");
        Thread.sleep(3000); // a transaction stuck since the last wave is then older than the 2 s allowed below
        assertEquals("0", psql("select count(*) from pg_stat_activity where datname = 'berth_runtime'"
                        + " and state like 'idle in transaction%' and now() - state_change > interval '2 seconds'"),
                "runtime-service sessions idle in transaction: " + psql("select string_agg(left(query, 80), ' | ')"
                        + " from pg_stat_activity where datname = 'berth_runtime' and state like 'idle in transaction%'"));
    }

    /** Runs N docker commands at once; all must succeed within {@link #WAVE}. */
    private void wave(String what, IntFunction<String[]> command) throws Exception {
        List<Future<DockerCli.Result>> results = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String[] args = command.apply(i);
            results.add(pool.submit(() -> docker(args)));
        }
        long deadline = System.nanoTime() + WAVE.toNanos();
        for (Future<DockerCli.Result> f : results) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).ok();
            } catch (TimeoutException e) {
                throw new AssertionError(N + " parallel `docker " + what + "` did not all finish within " + WAVE);
            }
        }
    }

    /** A query against runtime-service's database with the psql client (side instances: BERTH_PG_PORT). */
    private static String psql(String sql) throws IOException, InterruptedException {
        String port = System.getenv().getOrDefault("BERTH_PG_PORT", "5433");
        ProcessBuilder pb = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", port, "-U", "berth", "-d",
                "berth_runtime", "-Atc", sql).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", System.getenv().getOrDefault("BERTH_PG_PASSWORD", "berth"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "psql failed: " + out);
        return out;
    }
}
