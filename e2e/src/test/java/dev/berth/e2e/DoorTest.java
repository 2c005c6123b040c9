package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's "test that tries every door". Every listening TCP socket and unix socket of berth's processes is found
 * from the pid files, not from a list of ports: the services ({@code $BERTH_RUN/pids}), Kafka, PostgreSQL's
 * postmaster, each container's conmon, and their descendants (a container's own processes are listed but not tried:
 * they are the user's workload). Then a stranger, {@code nobody} (created if missing), tries each one:
 *
 * <ul>
 *   <li>every TCP port and stream unix socket: {@code GET /containers/json}, {@code POST /containers/create} with
 *       {@code /} bind-mounted, the same through {@code /v2/../} (the registry side has rules of its own) and
 *       {@code GET /v2/_catalog}; over plain HTTP, and over TLS when the port does not speak plain HTTP;</li>
 *   <li>other unix sockets (conmon's seqpacket attach sockets): may it connect(2) at all;</li>
 *   <li>PostgreSQL's port and socket: {@code psql} logins as {@code berth} and {@code postgres} with guessed or no
 *       passwords, and as itself;</li>
 *   <li>Kafka's ports: list topics, describe the cluster through the controller, produce to and consume from
 *       {@code berth.container}, as PLAINTEXT and with SASL PLAIN and SCRAM-SHA-256 guesses.</li>
 * </ul>
 *
 * Anything but a 2xx, a login, a listing, a written record or read offsets counts as refused (401/403, refused or
 * closed connections, permission denied, garbage, timeouts). The stranger's probe runs with an empty environment:
 * the secrets this JVM holds never reach it, in its environment or its arguments.
 *
 * <p>Positive controls, so that the test can fail: at the same time and with the same time limits, the same probe
 * runs as root with the real credentials (from the environment, else {@code $BERTH_DATA/secrets}, handed over in its
 * environment) and must get in: runtime-service's port with the service token, the Docker socket, PostgreSQL as
 * {@code berth}, Kafka with SCRAM as {@code berth}. A probe that could not notice an open door fails there.
 *
 * <p>The probe is {@code door/DoorProbe}, a JVM of its own started from a copy of the class path it needs under
 * {@code /tmp} (0755/0644, so {@code nobody} can read it), removed afterwards.
 */
class DoorTest {
    private static final Map<String, String> ENV = System.getenv();
    private static final Path RUN = Path.of(ENV.getOrDefault("BERTH_RUN", "/run/berth"));
    private static final Path DATA = Path.of(ENV.getOrDefault("BERTH_DATA", "/var/lib/berth"));
    private static final Path SOCKET = Path.of(ENV.getOrDefault("BERTH_SOCKET", RUN.resolve("docker.sock").toString()));
    private static final int PG_PORT = Integer.parseInt(ENV.getOrDefault("BERTH_PG_PORT", "5433"));
    private static final int KAFKA_PORT = Integer.parseInt(ENV.getOrDefault("BERTH_KAFKA_PORT", "9192"));
    private static final String STRANGER = "nobody";
    private static final String NAME_PREFIX = "berth-door-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Set<String> SERVICES = Set.of("gateway", "image-service", "build-service",
            "runtime-service", "volume-service", "network-service");
    /** The class path entries the probe needs: the test classes and kafka-clients with its dependencies. */
    private static final Pattern PROBE_JARS =
            Pattern.compile("(kafka-clients|zstd-jni|lz4-java|snappy-java|slf4j-api)-[^/]*\\.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A listening socket of one of berth's processes. */
    record Listener(String owner, long pid, String proto, String bound, String target, int port, String type,
            String notProbed) {
        boolean tcp() {
            return proto.equals("tcp");
        }

        boolean abstractUnix() {
            return proto.equals("unix") && bound.startsWith("@");
        }

        String show() {
            return String.format("%-16s pid %-7d %-4s %-44s%s%s", owner, pid, proto, bound,
                    tcp() ? "" : " (" + type + ")", notProbed == null ? "" : " [not probed: " + notProbed + "]");
        }

        boolean probed() {
            return notProbed == null;
        }
    }

    /** One attempt: what was asked (the probe's argument) and what happened (its JSON line, null if none came). */
    record Attempt(Map<String, String> spec, JsonNode result) {
        String id() {
            return spec.get("id");
        }

        String kind() {
            return spec.get("kind");
        }

        /** An attempt of the root probe that holds only part of the credentials, and must be refused. */
        boolean expectedRefused() {
            return "refused".equals(spec.get("expect"));
        }

        String target() {
            return spec.get("target") + (spec.containsKey("path") ? " " + spec.get("path") : "");
        }

        boolean refused() {
            return result != null && result.path("refused").asBoolean(false)
                    && !result.path("probeError").asBoolean(false);
        }

        boolean answered() {
            return result != null && !result.path("refused").asBoolean(true)
                    && !result.path("probeError").asBoolean(false);
        }

        String show() {
            if (result == null) {
                return String.format("%-8s %-17s %-44s %s", "NO LINE", kind(), target(),
                        "the probe printed nothing for this attempt");
            }
            String verdict = result.path("probeError").asBoolean() ? "BROKEN"
                    : result.path("refused").asBoolean() ? "refused" : "ANSWERED";
            return String.format("%-8s %-17s %-44s %-40s %s (%d ms)", verdict, kind(), target(),
                    result.path("credentials").asText(), result.path("outcome").asText(), result.path("ms").asLong());
        }
    }

    private static List<Listener> listeners;
    private static List<Attempt> doors;
    private static List<Attempt> controls;
    private static JsonNode strangerWhoami;
    private static String strangerUid;
    private static Path copy;
    private static boolean createdStranger;

    @BeforeAll
    static void tryEveryDoor() throws Exception {
        listeners = discover();
        System.out.println("[door] listeners of berth's processes (" + listeners.size() + "):");
        listeners.forEach(l -> System.out.println("[door]   " + l.show()));

        strangerUid = strangerUid();
        System.out.println("[door] stranger: " + run(List.of("id", STRANGER)).trim());
        copy = copyProbeClassPath();

        doors = doorAttempts(listeners);
        controls = controlAttempts(listeners);
        Map<String, String> secrets = new LinkedHashMap<>();
        putSecret(secrets, "BERTH_SERVICE_TOKEN", "service-token");
        putSecret(secrets, "BERTH_PG_PASSWORD", "pg-password");
        putSecret(secrets, "BERTH_KAFKA_PASSWORD", "kafka-password");
        putSecret(secrets, "BERTH_REGISTRY_PASSWORD", "registry-password");

        ExecutorService both = Executors.newFixedThreadPool(2);
        Map<String, JsonNode> strangerLines;
        Map<String, JsonNode> rootLines;
        try {
            Future<Map<String, JsonNode>> stranger = both.submit(() -> probe(true, doors, Map.of()));
            Future<Map<String, JsonNode>> root = both.submit(() -> probe(false, controls, secrets));
            strangerLines = stranger.get();
            rootLines = root.get();
        } finally {
            both.shutdownNow();
        }
        strangerWhoami = strangerLines.get("whoami");
        doors = doors.stream().map(a -> new Attempt(a.spec, strangerLines.get(a.id()))).toList();
        controls = controls.stream().map(a -> new Attempt(a.spec, rootLines.get(a.id()))).toList();

        System.out.println("[door] as " + STRANGER + ": " + (strangerWhoami == null ? "no whoami line"
                : strangerWhoami.path("outcome").asText()));
        doors.forEach(a -> System.out.println("[door]   " + a.show()));
        System.out.println("[door] positive controls, as root with the real credentials:");
        controls.forEach(a -> System.out.println("[door]   " + a.show()));
    }

    @AfterAll
    static void leaveNothing() throws Exception {
        // a create that got through (the test fails then) must not leave its container
        Set<String> ids = new HashSet<>();
        if (doors != null) {
            doors.stream().filter(a -> a.result != null && a.result.hasNonNull("containerId"))
                    .forEach(a -> ids.add(a.result.get("containerId").asText()));
        }
        try {
            String named = docker("ps", "-aq", "--filter", "name=" + NAME_PREFIX).trimmed();
            if (!named.isEmpty()) {
                ids.addAll(List.of(named.split("\\s+")));
            }
            for (String id : ids) {
                docker("rm", "-f", id);
            }
        } catch (RuntimeException | AssertionError e) {
            System.out.println("[door] could not check for containers the probe created: " + e.getMessage());
        }
        if (copy != null) {
            deleteTree(copy);
        }
        if (createdStranger) {
            run(List.of("userdel", STRANGER));
        }
    }

    @Test
    void discoveryFindsTheSocketAServicePortPostgresAndKafka() {
        assertFalse(listeners.isEmpty(), "no listener found from the pid files under " + RUN + " and " + DATA);
        assertTrue(listeners.stream().anyMatch(l -> l.proto.equals("unix") && l.bound.equals(SOCKET.toString())),
                "the Docker socket " + SOCKET + " is not among the listeners found");
        assertTrue(listeners.stream().anyMatch(l -> l.tcp() && SERVICES.contains(l.owner)),
                "no TCP port of a service among the listeners found");
        if (Files.isDirectory(DATA.resolve("pg"))) { // embedded PostgreSQL
            assertTrue(listeners.stream().anyMatch(l -> l.owner.equals("postgres") && l.port == PG_PORT),
                    "embedded PostgreSQL's port " + PG_PORT + " (TCP or socket) is not among the listeners found");
        }
        if (Files.isDirectory(DATA.resolve("kafka"))) { // embedded Kafka
            assertTrue(listeners.stream().anyMatch(l -> l.owner.equals("kafka") && l.tcp() && l.port == KAFKA_PORT),
                    "embedded Kafka's port " + KAFKA_PORT + " is not among the listeners found");
        }
    }

    @Test
    void theProbeRanAsTheStrangerWithoutTheSecrets() {
        assertTrue(strangerWhoami != null, "the probe run as " + STRANGER + " printed no whoami line");
        String outcome = strangerWhoami.path("outcome").asText();
        assertTrue(outcome.startsWith("uid=" + strangerUid + " "), "the probe did not run as " + STRANGER + ": "
                + outcome);
        Matcher env = Pattern.compile("env=\\[(.*)\\]").matcher(outcome);
        assertTrue(env.find() && env.group(1).equals("PATH"), "the stranger's probe saw more than PATH: " + outcome);
        assertFalse(outcome.contains("kafka-clients=missing"), outcome);
    }

    @Test
    void noHttpDoorAnswersTheStranger() {
        assertAllRefused(a -> a.kind().startsWith("http-") || a.kind().equals("unix-access"), "HTTP or socket");
        List<Listener> abstractOnes = listeners.stream().filter(l -> l.abstractUnix() && l.probed()).toList();
        assertTrue(abstractOnes.isEmpty(), "abstract unix sockets have no permissions at all, anyone can connect: "
                + abstractOnes.stream().map(Listener::show).toList());
        List<Listener> unresolved = listeners.stream().filter(l -> String.valueOf(l.notProbed).startsWith(UNRESOLVED))
                .toList();
        assertTrue(unresolved.isEmpty(), "unix sockets whose path could not be found, so nobody tried them: "
                + unresolved.stream().map(Listener::show).toList());
    }

    @Test
    void postgresRefusesTheStranger() {
        assertAllRefused(a -> a.kind().equals("pg"), "PostgreSQL");
    }

    @Test
    void kafkaRefusesTheStranger() {
        assertAllRefused(a -> a.kind().startsWith("kafka-"), "Kafka");
    }

    @Test
    void controlServicePortAndSocketAnswerRoot() {
        assertAllAnswered(a -> a.kind().startsWith("http-") || a.kind().equals("unix-access"), 2);
    }

    @Test
    void controlPostgresTakesTheRealPassword() {
        assertAllAnswered(a -> a.kind().equals("pg"), 1);
    }

    @Test
    void controlKafkaTakesTheRealScramCredentials() {
        assertAllAnswered(a -> a.kind().startsWith("kafka-"), 1);
    }

    @Test
    void theRegistryPasswordOpensTheRegistrySideOnly() {
        List<Attempt> tried = controls.stream().filter(Attempt::expectedRefused).toList();
        assertFalse(tried.isEmpty(), "no attempt with the registry password was made");
        List<Attempt> open = tried.stream().filter(a -> !a.refused()).toList();
        assertTrue(open.isEmpty(), open.size() + " of " + tried.size() + " attempts with only the registry password "
                + "got past the registry side:\n  " + open.stream().map(Attempt::show).collect(Collectors.joining("\n  ")));
        assertAllAnswered(a -> "env".equals(a.spec.get("basic")), 1);
    }

    private static void assertAllRefused(Predicate<Attempt> which, String what) {
        List<Attempt> tried = doors.stream().filter(which).toList();
        assertFalse(tried.isEmpty(), "no " + what + " attempt was made");
        List<Attempt> open = tried.stream().filter(a -> !a.refused()).toList();
        assertTrue(open.isEmpty(), open.size() + " of " + tried.size() + " " + what + " attempts as " + STRANGER
                + " were not refused:\n  " + open.stream().map(Attempt::show).collect(Collectors.joining("\n  ")));
    }

    private static void assertAllAnswered(Predicate<Attempt> which, int atLeast) {
        List<Attempt> tried = controls.stream().filter(which).filter(a -> !a.expectedRefused()).toList();
        assertTrue(tried.size() >= atLeast, "expected at least " + atLeast + " positive controls, made " + tried.size());
        List<Attempt> shut = tried.stream().filter(a -> !a.answered()).toList();
        assertTrue(shut.isEmpty(), "positive controls (root, real credentials) that did not get in — the probe "
                + "would not notice an open door there:\n  "
                + shut.stream().map(Attempt::show).collect(Collectors.joining("\n  ")));
    }

    // ------------------------------------------------------------------------------------------ attempts

    private static List<Attempt> doorAttempts(List<Listener> found) {
        List<Attempt> attempts = new ArrayList<>();
        for (Listener l : found) {
            if (!l.probed() || l.abstractUnix()) {
                continue; // see Listener.notProbed; abstract sockets and unresolved paths fail the test by themselves
            }
            if (l.proto.equals("unix") && !l.type.equals("stream")) {
                // HTTP cannot be spoken over it (conmon's seqpacket attach sockets): may the stranger connect at all?
                attempts.add(attempt("kind", "unix-access", "target", l.target));
            }
            if (l.tcp() || l.type.equals("stream")) {
                attempts.add(attempt("kind", "http-get", "target", l.target));
                attempts.add(attempt("kind", "http-create", "target", l.target));
                // the registry side (/v2) has rules of its own: a door check on the raw path must not let a
                // dot segment lead from there to the rest of the API
                attempts.add(attempt("kind", "http-get", "target", l.target, "path", "/v2/../containers/json"));
                attempts.add(attempt("kind", "http-get", "target", l.target, "path", "/v2/%2e%2e/containers/json"));
                attempts.add(attempt("kind", "http-create", "target", l.target, "path", "/v2/../containers/create"));
                if (!Boolean.parseBoolean(ENV.getOrDefault("BERTH_REGISTRY_ANONYMOUS_READ", "false"))) {
                    attempts.add(attempt("kind", "http-get", "target", l.target, "path", "/v2/_catalog"));
                }
            }
            if (l.owner.equals("postgres") && (l.tcp() || l.bound.contains("/.s.PGSQL."))) {
                String psql = psql();
                attempts.add(attempt("kind", "pg", "target", l.target, "user", "berth", "password", "literal:berth",
                        "db", "berth_runtime", "psql", psql));
                attempts.add(attempt("kind", "pg", "target", l.target, "user", "berth", "password", "empty",
                        "db", "berth_runtime", "psql", psql));
                attempts.add(attempt("kind", "pg", "target", l.target, "user", "postgres", "password", "empty",
                        "db", "postgres", "psql", psql));
                attempts.add(attempt("kind", "pg", "target", l.target, "user", "postgres", "password",
                        "literal:postgres", "db", "postgres", "psql", psql));
                attempts.add(attempt("kind", "pg", "target", l.target, "user", STRANGER, "db", "postgres",
                        "psql", psql));
            }
            if (l.owner.equals("kafka") && l.tcp()) {
                String server = l.target.substring("tcp:".length());
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
        }
        // names of created containers must be unique: the id is part of the name
        return attempts.stream().map(a -> a.kind().equals("http-create")
                ? new Attempt(with(a.spec, "name", NAME_PREFIX + "-" + a.id()), null) : a).toList();
    }

    private static List<Attempt> controlAttempts(List<Listener> found) {
        List<Attempt> attempts = new ArrayList<>();
        found.stream().filter(l -> l.owner.equals("runtime-service") && l.tcp() && l.probed()).forEach(l ->
                attempts.add(attempt("kind", "http-get", "target", l.target, "token", "env")));
        attempts.add(attempt("kind", "http-get", "target", "unix:" + SOCKET));
        attempts.add(attempt("kind", "unix-access", "target", "unix:" + SOCKET));
        // someone who holds the registry password (a pull client) gets the registry side of image-service and
        // nothing else: no dot segment leads from /v2 to the rest of any service's API (expected refused)
        found.stream().filter(l -> SERVICES.contains(l.owner) && l.tcp() && l.probed()).forEach(l -> {
            if (l.owner.equals("image-service")) {
                attempts.add(attempt("kind", "http-get", "target", l.target, "path", "/v2/", "basic", "env"));
            }
            for (String path : List.of("/containers/json", "/v2/../containers/json", "/v2/%2e%2e/containers/json",
                    "/v2/../images/json", "/v2/%2E%2E/volumes")) {
                attempts.add(attempt("kind", "http-get", "target", l.target, "path", path, "basic", "env",
                        "expect", "refused"));
            }
            attempts.add(attempt("kind", "http-create", "target", l.target, "path", "/v2/../containers/create",
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
        return attempts.stream().map(a -> a.kind().equals("http-create")
                ? new Attempt(with(a.spec, "name", NAME_PREFIX + "-" + a.id()), null) : a).toList();
    }

    private static int nextId;

    private static synchronized Attempt attempt(String... keyValues) {
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

    /** The real secret from the environment, else from the root-only file ./berth keeps it in. */
    private static void putSecret(Map<String, String> secrets, String variable, String file) throws IOException {
        String value = ENV.get(variable);
        Path path = DATA.resolve("secrets").resolve(file);
        if ((value == null || value.isBlank()) && Files.isReadable(path)) {
            value = Files.readString(path).trim();
        }
        if (value != null && !value.isBlank()) {
            secrets.put(variable, value);
        }
    }

    // ------------------------------------------------------------------------------------------ the probe

    /** Runs DoorProbe with the attempts, as the stranger (empty environment) or as root (PATH + the secrets). */
    private static Map<String, JsonNode> probe(boolean asStranger, List<Attempt> attempts, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        if (asStranger) {
            command.addAll(List.of(runuser(), "-u", STRANGER, "--", "env", "-i", "PATH=/usr/bin:/bin"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx192m", "-cp",
                probeClassPath(), "dev.berth.e2e.door.DoorProbe"));
        for (Attempt a : attempts) {
            command.add(a.spec.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(";")));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(new File("/"));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().putAll(env); // only the root control gets the secrets, never in its arguments
        String who = asStranger ? STRANGER : "root";
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the probe as " + who + " did not finish within 90 s");
            }
            Map<String, JsonNode> lines = new HashMap<>();
            for (String line : out.join().split("\n")) {
                if (line.startsWith("{")) {
                    JsonNode node = JSON.readTree(line);
                    lines.put(node.path("id").asText(), node);
                }
            }
            if (p.exitValue() != 0 || lines.isEmpty()) {
                throw new AssertionError("the probe as " + who + " exited " + p.exitValue() + "\nstdout: " + out.join()
                        + "\nstderr: " + err.join());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String probeClassPath() {
        try (Stream<Path> entries = Files.list(copy)) {
            return entries.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the test classes and the probe's jars to a fresh directory under /tmp: dirs 0755, files 0644. */
    private static Path copyProbeClassPath() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "berth-door-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int n = 0;
        boolean probeFound = false;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isDirectory(source)) {
                if (!Files.exists(source.resolve("dev/berth/e2e/door/DoorProbe.class"))) {
                    continue;
                }
                probeFound = true;
                Path target = dir.resolve(String.format("%02d-classes", n++));
                try (Stream<Path> tree = Files.walk(source)) {
                    for (Path p : (Iterable<Path>) tree::iterator) {
                        Path to = target.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(to);
                            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                        } else {
                            Files.copy(p, to);
                            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                        }
                    }
                }
            } else if (PROBE_JARS.matcher(source.getFileName().toString()).matches()) {
                Path to = dir.resolve(String.format("%02d-%s", n++, source.getFileName()));
                Files.copy(source, to);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        assertTrue(probeFound, "DoorProbe's classes are not on the test class path: "
                + System.getProperty("java.class.path"));
        return dir;
    }

    // ------------------------------------------------------------------------------------------ discovery

    private static final String UNRESOLVED = "path unresolved";

    /** Every listening TCP socket and unix socket with a path (or abstract name) of berth's processes. */
    static List<Listener> discover() throws IOException {
        Map<Long, String> roots = roots();
        Map<Long, Long> rootOf = withDescendants(roots.keySet());
        String hostNetns = link(Path.of("/proc/self/ns/net"));
        Map<String, Map<Long, String[]>> tcpByNetns = new HashMap<>();
        Map<String, Map<Long, String[]>> unixByNetns = new HashMap<>();
        Map<String, Listener> found = new LinkedHashMap<>();
        for (Map.Entry<Long, Long> e : rootOf.entrySet()) {
            long pid = e.getKey();
            String owner = roots.get(e.getValue());
            Path proc = Path.of("/proc", String.valueOf(pid));
            String netns = link(proc.resolve("ns/net"));
            String mntns = link(proc.resolve("ns/mnt"));
            if (netns == null || mntns == null) {
                continue; // gone
            }
            Set<Long> inodes = socketInodes(proc);
            if (inodes.isEmpty()) {
                continue;
            }
            // a process in a mount namespace other than its berth ancestor's is a container's (runc made it): the
            // user's workload, whose listeners are the user's business, not doors of berth
            String notProbed = !mntns.equals(link(Path.of("/proc", String.valueOf(e.getValue()), "ns/mnt")))
                    ? "a container's process" : !netns.equals(hostNetns) ? "another network namespace" : null;
            Map<Long, String[]> tcp = tcpByNetns.computeIfAbsent(netns, k -> tcpListeners(proc.resolve("net")));
            Map<Long, String[]> unix = unixByNetns.computeIfAbsent(netns, k -> unixListeners(proc.resolve("net")));
            for (long inode : inodes) {
                String key = netns + "/" + inode;
                if (found.containsKey(key)) {
                    continue; // the same socket shared by a child: the ancestor named it first
                }
                String[] t = tcp.get(inode);
                if (t != null) {
                    found.put(key, new Listener(owner, pid, "tcp", t[0], "tcp:" + t[1] + ":" + t[2],
                            Integer.parseInt(t[2]), "stream", notProbed));
                }
                String[] u = unix.get(inode);
                if (u != null) {
                    String path = unixPath(proc, u[0]);
                    Matcher pg = Pattern.compile("/\\.s\\.PGSQL\\.(\\d+)$").matcher(u[0]);
                    found.put(key, new Listener(owner, pid, "unix", path == null ? u[0] : path, "unix:" + path,
                            pg.find() ? Integer.parseInt(pg.group(1)) : -1, u[1],
                            notProbed == null && path == null ? UNRESOLVED : notProbed));
                }
            }
        }
        List<Listener> list = new ArrayList<>(found.values());
        list.sort(Comparator.comparing(Listener::owner).thenComparing(Listener::proto).thenComparing(Listener::port)
                .thenComparing(Listener::bound));
        return list;
    }

    /**
     * Where a unix socket is. conmon binds its attach socket as {@code /proc/self/fd/<dir fd>/attach} (a long path
     * made short) and closes the directory afterwards; the directory is {@code <--socket-dir-path>/<-u uuid>}.
     * Null when a path of that kind cannot be resolved.
     */
    private static String unixPath(Path proc, String listed) {
        Matcher viaFd = Pattern.compile("^/proc/self/fd/\\d+/(.+)$").matcher(listed);
        if (!viaFd.matches()) {
            return listed;
        }
        try {
            List<String> args = List.of(Files.readString(proc.resolve("cmdline")).split("\0"));
            int dir = args.indexOf("--socket-dir-path");
            int uuid = args.indexOf("-u");
            if (dir >= 0 && uuid >= 0 && dir + 1 < args.size() && uuid + 1 < args.size()) {
                Path socket = Path.of(args.get(dir + 1), args.get(uuid + 1), viaFd.group(1));
                return Files.exists(socket) ? socket.toString() : null;
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not conmon
        }
        return null;
    }

    /** pid → owner: the services' pid files, Kafka's, PostgreSQL's postmaster and each container's conmon. */
    private static Map<Long, String> roots() throws IOException {
        Map<Long, String> roots = new LinkedHashMap<>();
        Path pids = RUN.resolve("pids");
        if (Files.isDirectory(pids)) {
            try (Stream<Path> files = Files.list(pids)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".pid")).sorted()::iterator) {
                    addRoot(roots, f, f.getFileName().toString().replaceFirst("\\.pid$", ""));
                }
            }
        }
        addRoot(roots, RUN.resolve("kafka.pid"), "kafka");
        addRoot(roots, DATA.resolve("pg/postmaster.pid"), "postgres");
        Path containers = DATA.resolve("runtime/containers");
        if (Files.isDirectory(containers)) {
            try (Stream<Path> dirs = Files.list(containers)) {
                for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
                    String id = d.getFileName().toString();
                    addRoot(roots, d.resolve("conmon.pid"), "conmon " + id.substring(0, Math.min(12, id.length())));
                }
            }
        }
        return roots;
    }

    private static void addRoot(Map<Long, String> roots, Path pidFile, String owner) {
        try {
            String first = Files.readAllLines(pidFile).get(0).trim();
            long pid = Long.parseLong(first);
            if (Files.isDirectory(Path.of("/proc", first))) {
                roots.putIfAbsent(pid, owner);
            }
        } catch (IOException | RuntimeException missingOrStale) {
            // no such component here (external PostgreSQL or Kafka, no containers)
        }
    }

    /** The roots and all their descendants (by /proc/<pid>/stat's ppid): pid → the root it descends from. */
    private static Map<Long, Long> withDescendants(Set<Long> roots) throws IOException {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
                    children.computeIfAbsent(Long.parseLong(rest[1]), k -> new ArrayList<>())
                            .add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile
                }
            }
        }
        Map<Long, Long> all = new LinkedHashMap<>();
        roots.forEach(r -> all.put(r, r));
        Deque<Long> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            long pid = queue.poll();
            for (long child : children.getOrDefault(pid, List.of())) {
                if (all.putIfAbsent(child, all.get(pid)) == null) {
                    queue.add(child);
                }
            }
        }
        return all;
    }

    private static Set<Long> socketInodes(Path proc) {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target = link(fd);
                if (target != null && target.startsWith("socket:[")) {
                    inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                }
            }
        } catch (IOException | UncheckedIOException gone) {
            // exited meanwhile
        }
        return inodes;
    }

    /** inode → {bound address as listed, address to connect to, port} of LISTEN (0A) sockets in tcp and tcp6. */
    private static Map<Long, String[]> tcpListeners(Path net) {
        Map<Long, String[]> map = new HashMap<>();
        for (String table : List.of("tcp", "tcp6")) {
            for (String line : lines(net.resolve(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !f[3].equals("0A") || !f[1].contains(":")) {
                    continue;
                }
                String[] addressPort = f[1].split(":");
                byte[] raw = decode(addressPort[0]);
                int port = Integer.parseInt(addressPort[1], 16);
                try {
                    InetAddress address = InetAddress.getByAddress(raw); // a v4-mapped v6 address comes back as v4
                    String bound = (address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                            : address.getHostAddress()) + ":" + port;
                    String connect = address.isAnyLocalAddress() ? "127.0.0.1"
                            : address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                            : address.getHostAddress();
                    map.put(Long.parseLong(f[9]), new String[] {bound, connect, String.valueOf(port)});
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return map;
    }

    /** /proc/net/tcp{,6} addresses: 32-bit words in host (little-endian) byte order. */
    private static byte[] decode(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int word = 0; word < out.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + 3 - b) * 2;
                out[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return out;
    }

    /** inode → {path (or @abstract name), type} of listening (__SO_ACCEPTCON) unix sockets with a name. */
    private static Map<Long, String[]> unixListeners(Path net) {
        Map<Long, String[]> map = new HashMap<>();
        for (String line : lines(net.resolve("unix"))) {
            String[] f = line.trim().split("\\s+", 8);
            if (f.length < 8 || !f[0].endsWith(":")) {
                continue; // header, or no name
            }
            if ((Long.parseLong(f[3], 16) & 0x10000L) == 0) {
                continue; // not listening
            }
            String type = switch (f[4]) {
                case "0001" -> "stream";
                case "0002" -> "dgram";
                case "0005" -> "seqpacket";
                default -> "type " + f[4];
            };
            map.put(Long.parseLong(f[6]), new String[] {f[7], type});
        }
        return map;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String link(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The stranger's uid; the user is created (and removed afterwards) when the machine has none. */
    private static String strangerUid() throws IOException, InterruptedException {
        String uid = run(List.of("id", "-u", STRANGER)).trim();
        if (!uid.matches("\\d+")) {
            run(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
                    "/usr/sbin/nologin", STRANGER));
            createdStranger = true;
            uid = run(List.of("id", "-u", STRANGER)).trim();
        }
        assertTrue(uid.matches("\\d+") && !uid.equals("0"), "no unprivileged user " + STRANGER + ": " + uid);
        return uid;
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

    private static String runuser() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, "runuser"))) {
                return dir + "/runuser";
            }
        }
        throw new AssertionError("runuser (util-linux) is not installed");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** Reads a stream to its end on a thread of its own (not the common pool, which has one thread on 2 cores). */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> done = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                done.complete(out.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        }, "door-drain");
        reader.setDaemon(true);
        reader.start();
        return done;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
