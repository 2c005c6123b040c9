package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build queue seen from outside: its lifecycle events on Kafka and in docker events, and cancelling. */
class BuildQueueTest {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @AfterAll
    static void removeImages() {
        docker("rmi", "-f", "e2e-queue-events:" + ID);
    }

    @Test
    void aBuildsLifeIsOnBerthBuildAndDockerEventsShowsOnlyTheTag() throws Exception {
        long since = System.currentTimeMillis();
        Path project = Files.createDirectories(dir.resolve("events"));
        Files.writeString(project.resolve("Dockerfile"), "FROM busybox\nRUN echo " + ID + " > /id\n");
        String tag = "e2e-queue-events:" + ID;
        docker("build", "-t", tag, project.toString()).ok();
        String buildId = BuildWorkers.job(tag).path("ID").asText();

        List<String> actions = buildEvents(since, buildId, "finished");
        assertEquals(List.of("queued", "started", "step", "step", "finished"), actions);

        List<String> docker = Events.until(since / 1000, "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}",
                lines -> lines.contains("image tag " + tag));
        assertTrue(docker.contains("image tag " + tag), docker.toString());
        assertFalse(docker.stream().anyMatch(line -> line.startsWith("build ")), docker.toString());
    }

    @Test
    void aClientThatGoesAwayCancelsItsBuildAndItsStepContainerGoes() throws Exception {
        Path project = Files.createDirectories(dir.resolve("cancel"));
        Files.writeString(project.resolve("Dockerfile"), "FROM busybox\nRUN sleep 60\n");
        String tag = "e2e-queue-cancel:" + ID;
        ProcessBuilder cli = new ProcessBuilder("docker", "build", "-t", tag, project.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        cli.environment().put("DOCKER_HOST", DockerCli.HOST);
        Process client = cli.start();
        try {
            String buildId = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                JsonNode job = BuildWorkers.job(tag);
                if (job != null && !stepContainers(job.path("ID").asText()).isEmpty()) {
                    buildId = job.path("ID").asText();
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(buildId != null, "the RUN step did not start");
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            String state = "";
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline && !state.equals("cancelled")) {
                Thread.sleep(200);
                state = BuildWorkers.job(tag).path("State").asText();
            }
            assertEquals("cancelled", state);
            assertEquals("", stepContainers(buildId));
            assertEquals(List.of("queued", "started", "step", "cancelled"), buildEvents(0, buildId, "cancelled"));
        } finally {
            client.destroyForcibly();
        }
    }

    private static String stepContainers(String buildId) {
        return docker("ps", "-aq", "--filter", "label=dev.berth.build-id=" + buildId).ok().trimmed();
    }

    /** The actions of one build's events on berth.build since a time, up to the one named {@code last}. */
    private static List<String> buildEvents(long since, String buildId, String last) throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor("berth.build", Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, since));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                consumer.seek(p, offsets.get(p) == null ? ends.get(p) : offsets.get(p).offset());
            }
            List<String> actions = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && !actions.contains(last)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = JSON.readTree(record.value());
                    if (record.key().equals(buildId) && event.path("subject").asText().equals(buildId)) {
                        actions.add(event.path("type").asText().substring("berth.build.".length()));
                    }
                }
            }
            return actions;
        }
    }

    private static Properties kafka() {
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:" + System.getenv().getOrDefault("BERTH_KAFKA_PORT", "9192"));
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-256");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"berth\""
                + " password=\"" + System.getenv().getOrDefault("BERTH_KAFKA_PASSWORD", "") + "\";");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        return p;
    }
}
