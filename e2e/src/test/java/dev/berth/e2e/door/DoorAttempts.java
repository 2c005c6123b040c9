package dev.berth.e2e.door;

import static dev.berth.e2e.door.BerthInstance.ENV;
import static dev.berth.e2e.door.BerthInstance.KAFKA_PORT;
import static dev.berth.e2e.door.BerthInstance.PG_PORT;
import static dev.berth.e2e.door.BerthInstance.SERVICES;
import static dev.berth.e2e.door.BerthInstance.SOCKET;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The attempts the probes make, each with an id of its own: every door the stranger tries on berth's listeners, and
 * the positive controls root makes with the real credentials.
 */
public final class DoorAttempts {
    private final String namePrefix;
    private int nextId;

    /** {@code namePrefix}: the start of the name of every container an attempt would create. */
    public DoorAttempts(String namePrefix) {
        this.namePrefix = namePrefix;
    }

    /** What the stranger tries on each listener found. */
    public List<Attempt> forStranger(List<Listener> found) {
        List<Attempt> attempts = new ArrayList<>();
        for (Listener l : found) {
            if (!l.probed() || l.abstractUnix()) {
                continue; // see Listener.notProbed; abstract sockets and unresolved paths fail the test by themselves
            }
            if (l.proto().equals("unix") && !l.type().equals("stream")) {
                // HTTP cannot be spoken over it (conmon's seqpacket attach sockets): may the stranger connect at all?
                attempts.add(attempt("kind", "unix-access", "target", l.target()));
            }
            if (l.tcp() || l.type().equals("stream")) {
                addHttp(attempts, l.target());
            }
            if (l.owner().equals("postgres") && (l.tcp() || l.bound().contains("/.s.PGSQL."))) {
                addPostgres(attempts, l.target());
            }
            if (l.owner().equals("kafka") && l.tcp()) {
                addKafka(attempts, l.target().substring("tcp:".length()));
            }
        }
        return named(attempts);
    }

    private void addHttp(List<Attempt> attempts, String target) {
        attempts.add(attempt("kind", "http-get", "target", target));
        attempts.add(attempt("kind", "http-create", "target", target));
        // the registry side (/v2) has rules of its own: a door check on the raw path must not let a
        // dot segment lead from there to the rest of the API
        attempts.add(attempt("kind", "http-get", "target", target, "path", "/v2/../containers/json"));
        attempts.add(attempt("kind", "http-get", "target", target, "path", "/v2/%2e%2e/containers/json"));
        attempts.add(attempt("kind", "http-create", "target", target, "path", "/v2/../containers/create"));
        // routes served at the Vert.x level (attach, logs, exec start, pull, build; runtime-service's /_ping among
        // them, which answers 200 to anyone who gets past the door) must be behind the door too
        attempts.add(attempt("kind", "http-get", "target", target, "path", "/_ping"));
        attempts.add(attempt("kind", "http-get", "target", target, "path", "/v1.41/_ping"));
        if (!Boolean.parseBoolean(ENV.getOrDefault("BERTH_REGISTRY_ANONYMOUS_READ", "false"))) {
            attempts.add(attempt("kind", "http-get", "target", target, "path", "/v2/_catalog"));
        }
    }

    private void addPostgres(List<Attempt> attempts, String target) {
        String psql = psql();
        attempts.add(attempt("kind", "pg", "target", target, "user", "berth", "password", "literal:berth",
                "db", "berth_runtime", "psql", psql));
        attempts.add(attempt("kind", "pg", "target", target, "user", "berth", "password", "empty",
                "db", "berth_runtime", "psql", psql));
        attempts.add(attempt("kind", "pg", "target", target, "user", "postgres", "password", "empty",
                "db", "postgres", "psql", psql));
        attempts.add(attempt("kind", "pg", "target", target, "user", "postgres", "password",
                "literal:postgres", "db", "postgres", "psql", psql));
        attempts.add(attempt("kind", "pg", "target", target, "user", Stranger.NAME, "db", "postgres",
                "psql", psql));
    }

    private void addKafka(List<Attempt> attempts, String server) {
        List<String[]> logins = List.of(new String[] {"PLAINTEXT"},
                new String[] {"SASL_PLAINTEXT", "PLAIN", "berth", "berth"},
                new String[] {"SASL_PLAINTEXT", "PLAIN", "admin", "admin"},
                new String[] {"SASL_PLAINTEXT", "SCRAM-SHA-256", "berth", "berth"},
                new String[] {"SASL_PLAINTEXT", "SCRAM-SHA-256", "admin", "admin"});
        for (String kind : List.of("kafka-list", "kafka-controllers", "kafka-produce", "kafka-consume")) {
            for (String[] login : logins) {
                attempts.add(login.length == 1 ? attempt("kind", kind, "target", server, "protocol", login[0])
                        : attempt("kind", kind, "target", server, "protocol", login[0], "mechanism", login[1],
                                "user", login[2], "password", "literal:" + login[3]));
            }
        }
    }

    /** What root tries with the real credentials (or, where {@code expect=refused}, with only part of them). */
    public List<Attempt> controls(List<Listener> found) {
        List<Attempt> attempts = new ArrayList<>();
        found.stream().filter(l -> l.owner().equals("runtime-service") && l.tcp() && l.probed()).forEach(l ->
                attempts.add(attempt("kind", "http-get", "target", l.target(), "token", "env")));
        attempts.add(attempt("kind", "http-get", "target", "unix:" + SOCKET));
        attempts.add(attempt("kind", "unix-access", "target", "unix:" + SOCKET));
        // someone who holds the registry password (a pull client) gets the registry side of image-service and
        // nothing else: no dot segment leads from /v2 to the rest of any service's API (expected refused)
        found.stream().filter(l -> SERVICES.contains(l.owner()) && l.tcp() && l.probed()).forEach(l -> {
            if (l.owner().equals("image-service")) {
                attempts.add(attempt("kind", "http-get", "target", l.target(), "path", "/v2/", "basic", "env"));
            }
            for (String path : List.of("/containers/json", "/v2/../containers/json", "/v2/%2e%2e/containers/json",
                    "/v2/../images/json", "/v2/%2E%2E/volumes")) {
                attempts.add(attempt("kind", "http-get", "target", l.target(), "path", path, "basic", "env",
                        "expect", "refused"));
            }
            attempts.add(attempt("kind", "http-create", "target", l.target(), "path", "/v2/../containers/create",
                    "basic", "env", "expect", "refused"));
        });
        String pg = ENV.getOrDefault("BERTH_PG_ADDRESS", "127.0.0.1:" + PG_PORT);
        attempts.add(attempt("kind", "pg", "target", "tcp:" + pg, "user", ENV.getOrDefault("BERTH_PG_USER", "berth"),
                "password", "env:BERTH_PG_PASSWORD", "db", "berth_runtime", "psql", psql()));
        String kafka = ENV.getOrDefault("BERTH_KAFKA", "127.0.0.1:" + KAFKA_PORT).split(",")[0];
        for (String kind : List.of("kafka-list", "kafka-consume")) {
            attempts.add(attempt("kind", kind, "target", kafka, "protocol", "SASL_PLAINTEXT", "mechanism",
                    "SCRAM-SHA-256", "user", "berth", "password", "env:BERTH_KAFKA_PASSWORD"));
        }
        return named(attempts);
    }

    /** Names of created containers must be unique: the id is part of the name. */
    private List<Attempt> named(List<Attempt> attempts) {
        return attempts.stream().map(a -> a.kind().equals("http-create")
                ? new Attempt(with(a.spec(), "name", namePrefix + "-" + a.id()), null) : a).toList();
    }

    private synchronized Attempt attempt(String... keyValues) {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("id", String.valueOf(++nextId));
        for (int i = 0; i < keyValues.length; i += 2) {
            spec.put(keyValues[i], keyValues[i + 1]);
        }
        return new Attempt(spec, null);
    }

    private static Map<String, String> with(Map<String, String> spec, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(spec);
        copy.put(key, value);
        return copy;
    }

    /** PostgreSQL's own psql binary (newest version), without Debian's Perl wrapper in front; else psql on PATH. */
    private static String psql() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/psql")).filter(Files::isExecutable)
                    .max(Comparator.comparingInt(p -> Integer.parseInt(
                            p.getParent().getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .map(Path::toString).orElse("psql");
        } catch (IOException | RuntimeException e) {
            return "psql";
        }
    }
}
