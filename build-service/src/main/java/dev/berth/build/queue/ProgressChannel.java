package dev.berth.build.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.events.KafkaCredentials;
import dev.berth.common.events.TopicSetup;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code berth.build.progress}: workers write each build's stream messages there (key: build id, so one build's
 * records stay in order in one partition); every API instance reads all partitions from their end, without a
 * consumer group, and hands each record to the connection of this instance that waits for that build.
 */
@ApplicationScoped
public class ProgressChannel {
    static final String TOPIC = "berth.build.progress";
    private static final Logger LOG = Logger.getLogger(ProgressChannel.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final Map<String, ProgressWaiter> waiters = new ConcurrentHashMap<>();
    private volatile KafkaProducer<String, String> producer;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closed;

    @Inject
    ProgressChannel(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent startup, BuildQueueConfig config) {
        // progress matters while its build runs (a takeover replays at most one build's lines): an hour is plenty
        TopicSetup.ensure(bootstrap, List.of(TOPIC), java.util.Map.of("retention.ms", String.valueOf(3_600_000)));
        TopicSetup.ensure(bootstrap, List.of(BuildEvents.JOBS));
        if (config.takesRequests()) {
            listen();
        }
    }

    /**
     * Sends one record (asynchronously; the idempotent producer keeps one key's records in order), and hands it at
     * once to this process's connection waiting for the build, if any: the topic's copy then comes as a redelivery
     * and is dropped ({@link ProgressWaiter}), so a client of the same process does not wait on Kafka.
     */
    void send(String buildId, ProgressRecord record) {
        deliver(buildId, record);
        try {
            producer().send(new ProducerRecord<>(TOPIC, buildId, JSON.writeValueAsString(record)), (meta, e) -> {
                if (e != null) {
                    LOG.warning("build " + buildId + ": a progress record was not sent: " + e.getMessage());
                }
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void await(String buildId, ProgressWaiter waiter) {
        waiters.put(buildId, waiter);
    }

    public void forget(String buildId) {
        waiters.remove(buildId);
    }

    /** Starts reading the topic from its current end on a thread of its own (retrying while Kafka is away). */
    private void listen() {
        Thread reader = new Thread(this::read, "build-progress-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (!closed) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProperties())) {
                consumer = c;
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info : c.partitionsFor(TOPIC, Duration.ofSeconds(15))) {
                    partitions.add(new TopicPartition(TOPIC, info.partition()));
                }
                c.assign(partitions);
                c.seekToEnd(partitions);
                partitions.forEach(c::position);
                while (!closed) {
                    for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                        deliver(record);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the build progress reader failed; starting again", e);
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(ConsumerRecord<String, String> record) {
        if (!waiters.containsKey(record.key())) {
            return;
        }
        try {
            deliver(record.key(), JSON.readValue(record.value(), ProgressRecord.class));
        } catch (JsonProcessingException e) {
            LOG.warning("skipping an unreadable progress record of build " + record.key());
        }
    }

    private void deliver(String buildId, ProgressRecord record) {
        ProgressWaiter waiter = waiters.get(buildId);
        if (waiter == null) {
            return;
        }
        try {
            if (waiter.accept(record)) {
                waiters.remove(buildId);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the client of build " + buildId + " is gone", e);
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = common("berth-build-progress-out");
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    producer = new KafkaProducer<>(props);
                }
                p = producer;
            }
        }
        return p;
    }

    private Properties consumerProperties() {
        Properties props = common("berth-build-progress-in");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    private Properties common(String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + ProcessHandle.current().pid());
        return KafkaCredentials.apply(props);
    }

    @PreDestroy
    void close() {
        closed = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
