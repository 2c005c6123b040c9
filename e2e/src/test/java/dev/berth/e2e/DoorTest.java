package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static dev.berth.e2e.door.BerthInstance.DATA;
import static dev.berth.e2e.door.BerthInstance.KAFKA_PORT;
import static dev.berth.e2e.door.BerthInstance.PG_PORT;
import static dev.berth.e2e.door.BerthInstance.RUN;
import static dev.berth.e2e.door.BerthInstance.SERVICES;
import static dev.berth.e2e.door.BerthInstance.SOCKET;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.e2e.door.Attempt;
import dev.berth.e2e.door.DoorAttempts;
import dev.berth.e2e.door.Listener;
import dev.berth.e2e.door.Listeners;
import dev.berth.e2e.door.ProbeClassPath;
import dev.berth.e2e.door.ProbeRun;
import dev.berth.e2e.door.RealSecrets;
import dev.berth.e2e.door.Stranger;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * {@code /tmp} (0755/0644, so {@code nobody} can read it), removed afterwards. The discovery ({@code door/Listeners}),
 * the attempts ({@code door/DoorAttempts}) and running the probe ({@code door/ProbeRun}) are in {@code door/} too;
 * this class holds the lifecycle and the assertions.
 */
class DoorTest {
    private static final String NAME_PREFIX = "berth-door-" + UUID.randomUUID().toString().substring(0, 8);

    private static List<Listener> listeners;
    private static List<Attempt> doors;
    private static List<Attempt> controls;
    private static JsonNode strangerWhoami;
    private static String strangerUid;
    private static ProbeClassPath copy;

    @BeforeAll
    static void tryEveryDoor() throws Exception {
        listeners = Listeners.discover();
        System.out.println("[door] listeners of berth's processes (" + listeners.size() + "):");
        listeners.forEach(l -> System.out.println("[door]   " + l.show()));

        strangerUid = Stranger.uid();
        System.out.println("[door] stranger: " + Stranger.id());
        copy = ProbeClassPath.copy();

        DoorAttempts attempts = new DoorAttempts(NAME_PREFIX);
        doors = attempts.forStranger(listeners);
        controls = attempts.controls(listeners);
        Map<String, String> secrets = RealSecrets.read();

        ProbeRun probe = new ProbeRun(copy);
        ExecutorService both = Executors.newFixedThreadPool(2);
        Map<String, JsonNode> strangerLines;
        Map<String, JsonNode> rootLines;
        try {
            Future<Map<String, JsonNode>> stranger = both.submit(() -> probe.asStranger(doors));
            Future<Map<String, JsonNode>> root = both.submit(() -> probe.asRoot(controls, secrets));
            strangerLines = stranger.get();
            rootLines = root.get();
        } finally {
            both.shutdownNow();
        }
        strangerWhoami = strangerLines.get("whoami");
        doors = doors.stream().map(a -> new Attempt(a.spec(), strangerLines.get(a.id()))).toList();
        controls = controls.stream().map(a -> new Attempt(a.spec(), rootLines.get(a.id()))).toList();

        System.out.println("[door] as " + Stranger.NAME + ": " + (strangerWhoami == null ? "no whoami line"
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
            doors.stream().filter(a -> a.result() != null && a.result().hasNonNull("containerId"))
                    .forEach(a -> ids.add(a.result().get("containerId").asText()));
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
            copy.remove();
        }
        Stranger.removeIfCreated();
    }

    @Test
    void discoveryFindsTheSocketAServicePortPostgresAndKafka() {
        assertFalse(listeners.isEmpty(), "no listener found from the pid files under " + RUN + " and " + DATA);
        assertTrue(listeners.stream().anyMatch(l -> l.proto().equals("unix") && l.bound().equals(SOCKET.toString())),
                "the Docker socket " + SOCKET + " is not among the listeners found");
        assertTrue(listeners.stream().anyMatch(l -> l.tcp() && SERVICES.contains(l.owner())),
                "no TCP port of a service among the listeners found");
        if (Files.isDirectory(DATA.resolve("pg"))) { // embedded PostgreSQL
            assertTrue(listeners.stream().anyMatch(l -> l.owner().equals("postgres") && l.port() == PG_PORT),
                    "embedded PostgreSQL's port " + PG_PORT + " (TCP or socket) is not among the listeners found");
        }
        if (Files.isDirectory(DATA.resolve("kafka"))) { // embedded Kafka
            assertTrue(listeners.stream().anyMatch(l -> l.owner().equals("kafka") && l.tcp()
                    && l.port() == KAFKA_PORT), "embedded Kafka's port " + KAFKA_PORT
                    + " is not among the listeners found");
        }
    }

    @Test
    void theProbeRanAsTheStrangerWithoutTheSecrets() {
        assertTrue(strangerWhoami != null, "the probe run as " + Stranger.NAME + " printed no whoami line");
        String outcome = strangerWhoami.path("outcome").asText();
        assertTrue(outcome.startsWith("uid=" + strangerUid + " "), "the probe did not run as " + Stranger.NAME
                + ": " + outcome);
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
        List<Listener> unresolved = listeners.stream().filter(Listener::unresolved).toList();
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
        assertAllAnswered(a -> "env".equals(a.spec().get("basic")), 1);
    }

    private static void assertAllRefused(Predicate<Attempt> which, String what) {
        List<Attempt> tried = doors.stream().filter(which).toList();
        assertFalse(tried.isEmpty(), "no " + what + " attempt was made");
        List<Attempt> open = tried.stream().filter(a -> !a.refused()).toList();
        assertTrue(open.isEmpty(), open.size() + " of " + tried.size() + " " + what + " attempts as " + Stranger.NAME
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
}
