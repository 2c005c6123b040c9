package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kill drills (issue 18): for each component in turn, three clients run a mixed workload ({@link DrillClient})
 * while a {@code docker events} follower watches; the component gets SIGKILL (its pid file's pid), stays down two
 * seconds, and {@code ./berth up} brings it back. Then: nothing the clients were told exists is missing, nothing
 * they were told is gone is there, no container or network twice, each acknowledged change's event exactly once
 * and in order per object (in the replay and in the follower's stream), and every call that failed did so with a
 * Docker error (5xx {@code {"message"}}, no Java exception text) within 30 s, found no daemon at all while the
 * gateway itself was down, or had its streamed answer cut off by the kill. Runs on the suite's instance, which it
 * leaves up; the table goes to stdout.
 */
class KillDrillsTest {
    private static final Path ROOT = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 6);
    private static final int CLIENTS = 3;
    private static final List<String> TABLE = new ArrayList<>();
    private static boolean embeddedKafka;
    private static boolean embeddedPostgres;
    private static LocalRegistry registry;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        embeddedKafka = DrillComponent.KAFKA.process().isPresent();
        embeddedPostgres = DrillComponent.POSTGRESQL.process().isPresent();
        registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null, null, null);
        TABLE.add("| component | operations | failed cleanly during the outage | failed after it | lost | duplicated |"
                + " outage (s) |");
        TABLE.add("|---|---|---|---|---|---|---|");
    }

    @AfterAll
    static void stop() throws Exception {
        System.out.println("Kill drills " + java.time.LocalDate.now() + ":\n" + String.join("\n", TABLE));
        if (registry != null) {
            registry.close();
        }
    }

    @ParameterizedTest
    @EnumSource(DrillComponent.class)
    void nothingIsLostOrDuplicated(DrillComponent component) throws Exception {
        String only = System.getenv("BERTH_DRILLS"); // e.g. "postgresql,kafka": a development aid
        assumeTrue(only == null || List.of(only.split(",")).contains(component.label), "not in BERTH_DRILLS");
        assumeTrue(component != DrillComponent.KAFKA || embeddedKafka, "Kafka is external: nothing to kill");
        assumeTrue(component != DrillComponent.POSTGRESQL || embeddedPostgres, "PostgreSQL is external");
        if (component == DrillComponent.BUILD_SERVICE && component.process().isEmpty()) {
            berth(List.of("start-service", "build-service")); // it starts on demand: kill a running one
        }
        String label = "drill" + RUN_ID + "-" + component.label.replace("-service", "");
        for (int c = 0; c < CLIENTS; c++) {
            // an image of its own per client: concurrent pulls and rmis of one image id race (docs/reliability.md)
            LocalRegistry.Layer layer = LocalRegistry.Layer.of(tinyTar(label + "-c" + c));
            for (int k = 0; k < DrillClient.PULLS; k++) {
                registry.push(label + "-c" + c, "p" + k, List.of(layer), "[\"sh\"]");
            }
        }
        long since = System.currentTimeMillis() - 1000;
        DrillLedger ledger = new DrillLedger();
        AtomicBoolean recovered = new AtomicBoolean();
        DrillChecks checks = new DrillChecks();
        long killedAt;
        long backAt;
        try (DrillEvents follower = DrillEvents.follow(since)) {
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Thread t = new Thread(new DrillClient(label + "-c" + c, ledger, registry.host(), recovered),
                        label + "-c" + c);
                t.start();
                clients.add(t);
            }
            Thread.sleep(2500);
            killedAt = System.currentTimeMillis();
            component.kill();
            Thread.sleep(2000);
            berth(List.of("up"));
            backAt = System.currentTimeMillis();
            recovered.set(true);
            for (Thread t : clients) {
                t.join(TimeUnit.MINUTES.toMillis(3));
                assertTrue(!t.isAlive(), t.getName() + " did not finish");
            }
            checks.state(ledger, label);
            checks.events(ledger, awaitEvents(ledger, () -> DrillEvents.replay(since)), "replay");
            checks.events(ledger, awaitEvents(ledger, follower::followed), "follower");
        } finally {
            cleanUp(ledger, label);
        }
        List<DrillCall> calls = ledger.calls();
        List<DrillCall> unclean = new ArrayList<>();
        int cleanInOutage = 0;
        int failedAfter = 0;
        for (DrillCall call : calls) {
            boolean inOutage = call.startMillis() + call.millis() >= killedAt && call.startMillis() <= backAt;
            boolean noDaemon = call.outcome() == DrillCall.Outcome.NO_ANSWER && component == DrillComponent.GATEWAY
                    && inOutage;
            // a stream whose head went out before the kill can only be cut (no error body can follow), as dockerd's
            boolean cutByKill = call.outcome() == DrillCall.Outcome.CUT_OFF && inOutage;
            if (call.outcome() == DrillCall.Outcome.CLEAN_ERROR || noDaemon || cutByKill) {
                if (inOutage) {
                    cleanInOutage++;
                } else {
                    failedAfter++;
                }
            } else if (!call.ok()) {
                unclean.add(call);
            }
        }
        TABLE.add(String.format("| %s | %d | %d | %d | %d | %d | %.1f |", component.label, calls.size(),
                cleanInOutage, failedAfter, checks.lost.size(), checks.duplicated.size(),
                (backAt - killedAt) / 1000.0));
        System.out.println(TABLE.get(TABLE.size() - 1));
        calls.stream().filter(c -> !c.ok()).collect(java.util.stream.Collectors.groupingBy(
                c -> c.what() + ": " + c.outcome() + " " + c.status() + " " + c.detail().replaceAll("[0-9a-f]{12,}",
                        "<id>"), java.util.TreeMap::new, java.util.stream.Collectors.summarizingLong(DrillCall::millis)))
                .forEach((failure, stats) -> System.out.printf("  %dx (%d-%d ms) %s%n", stats.getCount(),
                        stats.getMin(), stats.getMax(), failure));
        assertEquals(List.of(), unclean, "calls that failed without a clean Docker error or hung");
        assertEquals(List.of(), checks.lost, "lost");
        assertEquals(List.of(), checks.duplicated, "duplicated");
        assertTrue(cleanInOutage + failedAfter < calls.size(), "nothing succeeded");
    }

    /** The events, once every acknowledged change is in them (they travel outbox → Kafka → gateway), or after 30 s. */
    private static List<JsonNode> awaitEvents(DrillLedger ledger, EventSource source) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        List<JsonNode> events = source.get();
        while (!DrillChecks.missing(ledger, events).isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(500);
            events = source.get();
        }
        return events;
    }

    private interface EventSource {
        List<JsonNode> get() throws Exception;
    }

    private static void cleanUp(DrillLedger ledger, String label) throws Exception {
        String filter = URLEncoder.encode("{\"label\":[\"dev.berth.drill=" + label + "\"]}", StandardCharsets.UTF_8);
        for (JsonNode c : RawDocker.call("GET", "/containers/json?all=1&filters=" + filter, null).json()) {
            RawDocker.call("DELETE", "/containers/" + c.path("Id").asText() + "?force=1", null);
        }
        for (JsonNode n : RawDocker.call("GET", "/networks?filters=" + filter, null).json()) {
            RawDocker.call("DELETE", "/networks/" + n.path("Id").asText(), null);
        }
        for (JsonNode v : RawDocker.call("GET", "/volumes?filters=" + filter, null).json().path("Volumes")) {
            RawDocker.call("DELETE", "/volumes/" + v.path("Name").asText(), null);
        }
        for (DrillLedger.Tracked t : ledger.objects) {
            if (t.kind == DrillLedger.Kind.IMAGE && !Boolean.FALSE.equals(t.present)) {
                RawDocker.call("DELETE", "/images/" + t.name, null);
            }
        }
    }

    /** {@code ./berth <args>} on this instance, with the embedded servers' addresses left out (else {@code up} takes
     * them for external ones and starts neither), without Maven and warm-up runs. */
    private static void berth(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("berth").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("berth.log").toFile());
        if (embeddedKafka) {
            pb.environment().remove("BERTH_KAFKA");
        }
        if (embeddedPostgres) {
            pb.environment().remove("BERTH_PG_ADDRESS");
        }
        pb.environment().put("BERTH_SKIP_BUILD", "1");
        pb.environment().put("BERTH_WARMUP_RUNS", "0");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("./berth " + args + " did not finish: " + Files.readString(dir.resolve("berth.log")));
        }
        assertEquals(0, p.exitValue(), "./berth " + args + ":\n" + Files.readString(dir.resolve("berth.log")));
    }

    private static byte[] tinyTar(String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] data = (content + "\n").getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("drill.txt");
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
