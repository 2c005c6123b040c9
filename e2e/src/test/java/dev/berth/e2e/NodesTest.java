package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Nodes (issue 17, first increment) through the unmodified docker CLI: this node listed ready with its labels, and
 * a phantom node whose heartbeats the test publishes on Kafka itself going down when they stop and ready when they
 * resume, with swarm node events in {@code docker events}.
 */
class NodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The instance's setting, when the shell that started it exported it too (`./berth test` does); else Docker's 10. */
    private static final int DOWN_AFTER = Integer.parseInt(
            System.getenv().getOrDefault("BERTH_NODE_DOWN_AFTER_SECONDS", "10"));
    private static final String HEARTBEATS = "berth.node.heartbeat";

    /**
     * A create that names constraints goes through placement: one this node meets is created here, one no node meets
     * is refused with a 409 naming what excluded this node, and a malformed one is a 400.
     */
    @Test
    void aCreateWithConstraintsGoesThroughPlacement() {
        String self = System.getenv().getOrDefault("BERTH_NODE_NAME", docker("info", "--format", "{{.Name}}")
                .ok().trimmed());
        String name = "e2e-place-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            docker("create", "--name", name, "-e", "constraint:node==" + self, "--label",
                    "berth.constraint.node!=no-such-node", "busybox", "true").ok();
            String[] node = docker("inspect", "--format", "{{.Node.Name}} {{.Node.Cpus}}", name).ok().trimmed()
                    .split(" ");
            assertEquals(self, node[0], "inspect's Node is classic swarm's");
            assertTrue(Integer.parseInt(node[1]) > 0, String.join(" ", node));
            DockerCli.Result refused = docker("create", "-e", "constraint:node==no-such-node", "busybox", "true");
            assertNotEquals(0, refused.exit());
            assertTrue(refused.err().contains("no node can take this container: ")
                    && refused.err().contains(self + ": constraint node==no-such-node (node=" + self + ")"),
                    refused.err());
            DockerCli.Result malformed = docker("create", "-e", "constraint:node", "busybox", "true");
            assertNotEquals(0, malformed.exit());
            assertTrue(malformed.err().contains("invalid constraint expression \"node\""), malformed.err());
            assertEquals(1, docker("ps", "-a", "-q", "--filter", "name=" + name).ok().out().lines().count(),
                    "only the placed create left a container");
        } finally {
            docker("rm", "-f", name);
        }
    }

    @Test
    void thisNodeIsListedReadyWithItsLabelsAndCountedInInfo() {
        String name = System.getenv().getOrDefault("BERTH_NODE_NAME", docker("info", "--format", "{{.Name}}")
                .ok().trimmed());
        String ls = docker("node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.Availability}} {{.EngineVersion}}")
                .ok().out();
        String version = docker("version", "--format", "{{.Server.Version}}").ok().trimmed();
        assertTrue(ls.lines().anyMatch(l -> l.equals(name + " Ready Active " + version)), ls);
        String table = docker("node", "ls").ok().out();
        assertTrue(table.startsWith("ID "), table);
        assertTrue(table.lines().anyMatch(l -> l.contains(" " + name + " ") && l.contains("Ready")), table);
        assertEquals("ready manager", docker("node", "inspect", name, "--format",
                "{{.Status.State}} {{.Spec.Role}}").ok().trimmed());
        String labels = System.getenv().getOrDefault("BERTH_NODE_LABELS", "");
        if (!labels.isBlank()) {
            String shown = docker("node", "inspect", name, "--format", "{{json .Spec.Labels}}").ok().trimmed();
            for (String pair : labels.split(",")) {
                String[] kv = pair.split("=", 2);
                assertTrue(shown.contains("\"" + kv[0].strip() + "\":\"" + kv[1].strip() + "\""), shown);
            }
        }
        String info = docker("info").ok().out();
        assertTrue(info.lines().anyMatch(l -> l.matches(" Nodes: [1-9][0-9]*")), info);
        assertTrue(info.contains("  " + name + ": "), info);
        assertTrue(info.contains("   └ Status: Ready"), info);
        assertTrue(info.contains("   └ Containers: "), info);
        assertTrue(info.contains("   └ CPUs: "), info);
        assertEquals("inactive", docker("info", "--format", "{{.Swarm.LocalNodeState}}").ok().trimmed());
    }

    @Test
    void unknownNodesAndFiltersAreRefusedAsDockerd() {
        DockerCli.Result missing = docker("node", "inspect", "no-such-node-e2e");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("node no-such-node-e2e not found"), missing.err());
        DockerCli.Result filter = docker("node", "ls", "--filter", "colour=red");
        assertNotEquals(0, filter.exit());
        assertTrue(filter.err().contains("invalid filter 'colour'"), filter.err());
        DockerCli.Result update = docker("node", "update", "--availability", "drain", "no-such-node-e2e");
        assertNotEquals(0, update.exit());
    }

    @Test
    void aPhantomNodeGoesDownWhenItsBeatsStopAndReadyWhenTheyResume() throws Exception {
        String id = "e2e-" + UUID.randomUUID();
        String name = "phantom-" + id.substring(4, 12);
        long since = System.currentTimeMillis() / 1000 - 1;
        Map<String, Object> beat = new LinkedHashMap<>();
        beat.put("id", id);
        beat.put("name", name);
        beat.put("addr", "192.0.2.7");
        beat.put("labels", Map.of("run", name, "storage", "hdd"));
        beat.put("ncpu", 3);
        beat.put("memTotal", 3L << 30);
        beat.put("engineVersion", "29.7.2");
        String record = JSON.writeValueAsString(beat);
        AtomicBoolean beating = new AtomicBoolean(true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka())) {
            Thread beats = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (beating.get()) {
                        producer.send(new ProducerRecord<>(HEARTBEATS, id, record));
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "phantom-beats");
            beats.setDaemon(true);
            beats.start();
            try {
                waitForState(name, "Ready", 20_000);
                assertEquals(id, docker("node", "ls", "-q", "--filter", "node.label=run=" + name).ok().trimmed());
                assertEquals("ready 192.0.2.7 3000000000 {\"run\":\"" + name + "\",\"storage\":\"hdd\"}",
                        docker("node", "inspect", name, "--format", "{{.Status.State}} {{.Status.Addr}}"
                                + " {{.Description.Resources.NanoCPUs}} {{json .Spec.Labels}}").ok().trimmed());
                DockerCli.Result notDown = docker("node", "rm", name);
                assertNotEquals(0, notDown.exit());
                assertTrue(notDown.err().contains("is not down and can't be removed"), notDown.err());

                beating.set(false);
                long stopped = System.currentTimeMillis();
                waitForState(name, "Down", (DOWN_AFTER + 8) * 1000L);
                long tookMillis = System.currentTimeMillis() - stopped;
                assertTrue(tookMillis >= (DOWN_AFTER - 2) * 1000L, "down after " + tookMillis + " ms, limit "
                        + DOWN_AFTER + " s");
                assertEquals("down unreachable", docker("node", "inspect", id.substring(0, 20), "--format",
                        "{{.Status.State}} {{.ManagerStatus.Reachability}}").ok().trimmed());
                assertTrue(docker("info").ok().out().contains("  " + name + ": 192.0.2.7"));

                beating.set(true);
                waitForState(name, "Ready", 10_000);
            } finally {
                beats.interrupt();
                beats.join(5000);
            }
        }
        List<String> events = Events.until(since,
                "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}} {{.Scope}}"
                        + " {{index .Actor.Attributes \"state.old\"}}>{{index .Actor.Attributes \"state.new\"}}",
                lines -> lines.stream().filter(l -> l.contains(id)).count() >= 3, "type=node");
        List<String> mine = events.stream().filter(l -> l.contains(id)).toList();
        assertEquals(List.of("node create " + id + " " + name + " swarm >",
                "node update " + id + " " + name + " swarm ready>down",
                "node update " + id + " " + name + " swarm down>ready"), mine, String.join("\n", events));
        assertTrue(events.stream().allMatch(l -> l.startsWith("node ")), String.join("\n", events));

        // gone for good: it goes down, then docker node rm takes it away (with a remove event)
        waitForState(name, "Down", (DOWN_AFTER + 8) * 1000L);
        docker("node", "rm", name).ok();
        DockerCli.Result gone = docker("node", "inspect", id);
        assertNotEquals(0, gone.exit(), gone.out());
        List<String> removed = Events.until(since, "{{.Action}} {{.Actor.ID}}",
                lines -> lines.contains("remove " + id), "type=node", "node=" + name);
        assertTrue(removed.contains("remove " + id), String.join("\n", removed));
    }

    private static void waitForState(String name, String state, long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        String last = "";
        Predicate<String> wanted = l -> l.equals(name + " " + state);
        while (System.currentTimeMillis() < end) {
            last = docker("node", "ls", "--format", "{{.Hostname}} {{.Status}}").ok().out();
            if (last.lines().anyMatch(wanted)) {
                return;
            }
            Events.sleep(250);
        }
        throw new AssertionError(name + " not " + state + " within " + timeoutMillis + " ms:\n" + last);
    }

    private static Properties kafka() throws IOException {
        String password = System.getenv("BERTH_KAFKA_PASSWORD");
        if (password == null) {
            Path file = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"), "secrets",
                    "kafka-password");
            password = Files.readString(file).strip();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:" + System.getenv().getOrDefault("BERTH_KAFKA_PORT", "9192"));
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-256");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"berth\" password=\"" + password + "\";");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("linger.ms", "1");
        p.put("max.block.ms", String.valueOf(Duration.ofSeconds(15).toMillis()));
        return p;
    }
}
