package dev.berth.e2e.door;

import static dev.berth.e2e.door.DoorProbe.ATTEMPT_MS;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code kind=kafka-list|kafka-controllers|kafka-produce|kafka-consume}: list topics, describe the cluster through
 * the controller, produce to or consume from {@code berth.container}, as PLAINTEXT or with a SASL login.
 */
final class KafkaAttempt {
    private static final String TOPIC = "berth.container";

    private KafkaAttempt() {
    }

    static Result run(Map<String, String> spec) throws Exception {
        String kind = spec.get("kind");
        Properties p = new Properties();
        p.put(kind.equals("kafka-controllers") ? "bootstrap.controllers" : "bootstrap.servers", spec.get("target"));
        p.put("client.id", "berth-door-probe");
        p.put("security.protocol", spec.getOrDefault("protocol", "PLAINTEXT"));
        if (spec.getOrDefault("protocol", "PLAINTEXT").startsWith("SASL")) {
            String mechanism = spec.get("mechanism");
            String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            String password = Credentials.password(spec);
            if (password == null) {
                return new Result(spec, true, false, "no password for " + spec.get("password"), 0, null);
            }
            p.put("sasl.mechanism", mechanism);
            p.put("sasl.jaas.config", module + " required username=\"" + jaas(spec.get("user")) + "\" password=\""
                    + jaas(password) + "\";");
        }
        p.put("request.timeout.ms", String.valueOf(ATTEMPT_MS - 2000));
        p.put("default.api.timeout.ms", String.valueOf(ATTEMPT_MS));
        p.put("socket.connection.setup.timeout.ms", "5000");
        p.put("socket.connection.setup.timeout.max.ms", "5000");
        p.put("reconnect.backoff.max.ms", "1000");
        p.put("retry.backoff.max.ms", "1000");
        return switch (kind) {
            case "kafka-list", "kafka-controllers" -> admin(spec, p, kind.equals("kafka-controllers"));
            case "kafka-produce" -> produce(spec, p);
            default -> consume(spec, p);
        };
    }

    private static Result admin(Map<String, String> spec, Properties p, boolean controllers) throws Exception {
        Admin admin = Admin.create(p);
        try {
            if (controllers) {
                String cluster = admin.describeCluster().clusterId().get(ATTEMPT_MS + 1000, TimeUnit.MILLISECONDS);
                return new Result(spec, false, false, "controller described cluster " + cluster, 0, null);
            }
            Collection<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)
                    .timeoutMs((int) ATTEMPT_MS)).names().get(ATTEMPT_MS + 1000, TimeUnit.MILLISECONDS);
            return new Result(spec, false, false, "listed topics " + new TreeSet<>(names), 0, null);
        } finally {
            quietly(() -> admin.close(Duration.ZERO));
        }
    }

    private static Result produce(Map<String, String> spec, Properties p) throws Exception {
        p.put("max.block.ms", String.valueOf(ATTEMPT_MS));
        p.put("delivery.timeout.ms", String.valueOf(ATTEMPT_MS));
        p.put("linger.ms", "0");
        p.put("acks", "all");
        p.put("enable.idempotence", "false");
        p.put("retries", "0");
        KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        try {
            // not JSON: every berth consumer logs and skips a record that is not a CloudEvent
            RecordMetadata written = producer.send(new ProducerRecord<>(TOPIC, "berth-door-probe",
                    "not an event: berth DoorTest probe, written by a user that should have been refused"))
                    .get(ATTEMPT_MS + 1000, TimeUnit.MILLISECONDS);
            return new Result(spec, false, false, "wrote " + TOPIC + "-" + written.partition() + " offset "
                    + written.offset(), 0, null);
        } finally {
            quietly(() -> producer.close(Duration.ZERO));
        }
    }

    private static Result consume(Map<String, String> spec, Properties p) {
        // no group.id: the probe assigns partitions itself and commits nothing, so no consumer group is left
        p.put("allow.auto.create.topics", "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer());
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, Duration.ofMillis(ATTEMPT_MS));
            if (partitions == null || partitions.isEmpty()) {
                // the broker served metadata to this client: it got in, even if the topic is not there
                return new Result(spec, false, false, "metadata answered, but " + TOPIC + " has no partitions",
                        0, null);
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<Integer, Long> offsets = new TreeMap<>();
            for (TopicPartition tp : assigned) {
                offsets.put(tp.partition(), consumer.position(tp, Duration.ofMillis(ATTEMPT_MS)));
            }
            int records = 0;
            long until = System.currentTimeMillis() + 2000;
            while (records == 0 && System.currentTimeMillis() < until) {
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(500));
                records += polled.count();
            }
            return new Result(spec, false, false, "read " + TOPIC + " start offsets " + offsets + ", polled "
                    + records + " records", 0, null);
        } finally {
            quietly(() -> consumer.close(Duration.ZERO));
        }
    }

    private static void quietly(Runnable close) {
        try {
            close.run();
        } catch (RuntimeException ignored) {
            // the attempt's outcome is what matters
        }
    }

    private static String jaas(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
