package dev.berth.e2e.door;

import static dev.berth.e2e.door.Result.describe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The hands of {@code DoorTest}: a separate JVM that {@code DoorTest} starts as {@code nobody} (with an empty
 * environment) to try berth's doors, and as root with the real credentials (in its environment) as the positive
 * control. Each argument is one attempt, {@code key=value} pairs separated by {@code ;}:
 *
 * <ul>
 *   <li>{@code kind=http-get;target=tcp:127.0.0.1:7103[;path=...][;token=env]} — {@code GET /containers/json} (or
 *       the path given, sent as it is: no dot segment is resolved), with {@code X-Berth-Service-Token} from
 *       {@code BERTH_SERVICE_TOKEN} when {@code token=env}</li>
 *   <li>{@code kind=http-create;target=unix:/run/berth/docker.sock;name=...[;path=...]} —
 *       {@code POST /containers/create?name=...} (or the path given) with {@code /} bind-mounted</li>
 *   <li>{@code kind=unix-access;target=unix:/path} — may this user connect(2) to the socket at all (write
 *       permission on the socket file and search permission on its directories, as the kernel checks it)</li>
 *   <li>{@code kind=pg;target=tcp:127.0.0.1:5433|unix:/run/berth/pg/.s.PGSQL.5433;user=berth;password=...;db=...}
 *       — a login with {@code psql}</li>
 *   <li>{@code kind=kafka-list|kafka-controllers|kafka-produce|kafka-consume;target=127.0.0.1:9192;
 *       protocol=PLAINTEXT|SASL_PLAINTEXT;mechanism=PLAIN|SCRAM-SHA-256;user=...;password=...}</li>
 * </ul>
 *
 * A password is {@code literal:<guess>}, {@code empty}, or {@code env:<VARIABLE>} (a real secret, read from this
 * process's environment and never printed). Every attempt prints one JSON line: {@code id, kind, target,
 * credentials, refused, outcome, ms}; {@code refused} is false when the attempt got in (a 2xx answer, a login, a
 * topic listed, a record written or offsets read), and {@code probeError} is true when the probe itself broke
 * (a missing class, a bad configuration): such a line proves nothing and fails the test. The first line,
 * {@code kind=whoami}, tells who ran the probe and which environment variable names it saw.
 */
public final class DoorProbe {
    /**
     * How long one attempt may take. A timeout counts as refused, so it must be long enough for an open door to
     * answer on a loaded machine: the positive controls run at the same time with the same limits and show it is.
     */
    static final long ATTEMPT_MS = 12_000;
    private static final long DEADLINE_MS = 45_000;

    private DoorProbe() {
    }

    public static void main(String[] args) throws Exception {
        print(whoami());
        List<Map<String, String>> specs = new ArrayList<>();
        for (String arg : args) {
            specs.add(parse(arg));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(64, specs.size())), r -> {
            Thread t = new Thread(r, "door-probe");
            t.setDaemon(true);
            return t;
        });
        Map<Map<String, String>, Future<?>> running = new LinkedHashMap<>();
        for (Map<String, String> spec : specs) {
            running.put(spec, pool.submit(() -> print(attempt(spec))));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        for (Map.Entry<Map<String, String>, Future<?>> e : running.entrySet()) {
            try {
                e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException timeout) {
                e.getValue().cancel(true);
                print(new Result(e.getKey(), true, false, "no outcome within the probe's " + DEADLINE_MS + " ms",
                        DEADLINE_MS, null));
            }
        }
        System.out.flush();
        System.exit(0); // Kafka clients that timed out may still have threads trying
    }

    private static Result attempt(Map<String, String> spec) {
        long start = System.nanoTime();
        try {
            Result r = switch (spec.get("kind")) {
                case "http-get" -> HttpAttempt.get(spec);
                case "http-create" -> HttpAttempt.create(spec);
                case "unix-access" -> UnixAccessAttempt.run(spec);
                case "pg" -> PostgresAttempt.run(spec);
                case "kafka-list", "kafka-controllers", "kafka-produce", "kafka-consume" -> KafkaAttempt.run(spec);
                default -> new Result(spec, false, true, "unknown kind", 0, null);
            };
            return new Result(spec, r.refused(), r.probeError(), r.outcome(), millis(start), r.containerId());
        } catch (LinkageError | ConfigException | IllegalArgumentException | NullPointerException e) {
            return new Result(spec, false, true, "probe broken: " + describe(e), millis(start), null);
        } catch (Throwable e) {
            return new Result(spec, true, false, describe(e), millis(start), null);
        }
    }

    private static Map<String, String> parse(String arg) {
        Map<String, String> spec = new LinkedHashMap<>();
        for (String pair : arg.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                spec.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return spec;
    }

    private static Result whoami() {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("id", "whoami");
        spec.put("kind", "whoami");
        String uid = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = line.substring(4).trim().split("\\s+")[0];
                }
            }
        } catch (IOException e) {
            uid = "unknown: " + e.getMessage();
        }
        spec.put("target", "uid " + uid);
        String kafka;
        try {
            kafka = AppInfoParser.getVersion();
        } catch (LinkageError e) {
            kafka = "missing: " + e;
        }
        return new Result(spec, true, false, "uid=" + uid + " user.name=" + System.getProperty("user.name")
                + " kafka-clients=" + kafka + " env=" + new TreeSet<>(System.getenv().keySet()), 0, null);
    }

    private static synchronized void print(Result r) {
        StringBuilder json = new StringBuilder("{");
        field(json, "id", r.spec().getOrDefault("id", "?"));
        field(json, "kind", r.spec().getOrDefault("kind", "?"));
        field(json, "target", r.spec().getOrDefault("target", "?"));
        field(json, "credentials", Credentials.shown(r.spec()));
        json.append("\"refused\":").append(r.refused()).append(',');
        json.append("\"probeError\":").append(r.probeError()).append(',');
        if (r.containerId() != null) {
            field(json, "containerId", r.containerId());
        }
        field(json, "outcome", r.outcome());
        json.append("\"ms\":").append(r.ms()).append('}');
        System.out.println(json);
        System.out.flush();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (char c : String.valueOf(value).toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append("\",");
    }

    private static long millis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
