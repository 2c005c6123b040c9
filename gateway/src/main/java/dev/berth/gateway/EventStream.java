package dev.berth.gateway;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import dev.berth.common.events.KafkaCredentials;
import dev.berth.common.events.Topics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code GET /events}: every request reads the domain topics with its own consumer (no group, no stored
 * offsets, so the gateway keeps no state). {@code since} seeks by timestamp and replays history in time order;
 * without {@code until} it then follows live events until the client goes away.
 */
final class EventStream {
    private static final Logger LOG = Logger.getLogger(EventStream.class.getName());
    private static final AtomicLong CONSUMERS = new AtomicLong();
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrap;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-events-" + CONSUMERS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    EventStream(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void stream(HttpServerRequest request) {
        EventQuery query = EventQuery.parse(request.getParam("since"), request.getParam("until"),
                request.getParam("filters"));
        HttpServerResponse response = request.response();
        response.setChunked(true).putHeader("Content-Type", "application/json");
        AtomicBoolean gone = new AtomicBoolean();
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties());
        response.closeHandler(v -> {
            gone.set(true);
            consumer.wakeup();
        });
        response.writeHead();
        threads.submit(() -> {
            try {
                run(consumer, query, response, gone);
            } catch (WakeupException e) {
                // the client went away
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event stream failed", e);
            } finally {
                consumer.close(Duration.ofSeconds(1));
                if (!gone.get()) {
                    response.end();
                }
            }
        });
    }

    private void run(KafkaConsumer<String, String> consumer, EventQuery query, HttpServerResponse response,
            AtomicBoolean gone) {
        List<TopicPartition> partitions = partitions(consumer);
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        seekToStart(consumer, partitions, ends, query.since());
        Set<String> seen = seenIds();
        replay(consumer, query, ends, response, gone, seen);
        while (!gone.get() && query.live()) {
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                emit(parse(record), query, response, seen);
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : Topics.DOCKER) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null) {
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        return partitions;
    }

    private static void seekToStart(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends, Instant since) {
        if (since == null) {
            ends.forEach(consumer::seek);
            return;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp found = offsets.get(p);
            consumer.seek(p, found == null ? ends.get(p) : found.offset());
        }
    }

    /** History up to the end offsets seen at the start, merged across partitions in time order. */
    private void replay(KafkaConsumer<String, String> consumer, EventQuery query, Map<TopicPartition, Long> ends,
            HttpServerResponse response, AtomicBoolean gone, Set<String> seen) {
        List<CloudEvent> history = new ArrayList<>();
        while (!gone.get() && !reached(consumer, ends)) {
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                CloudEvent event = parse(record);
                if (event != null) {
                    history.add(event);
                }
            }
        }
        history.sort(Comparator.comparing(CloudEvent::instant));
        history.forEach(event -> emit(event, query, response, seen));
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Delivery is at least once (a producer retry after a broker crash can write an event twice): the ids this
     * stream has shown, most recent 100 000, so that a client sees each event once.
     */
    private static Set<String> seenIds() {
        return java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<String, Boolean>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > 100_000;
            }
        });
    }

    private static void emit(CloudEvent event, EventQuery query, HttpServerResponse response, Set<String> seen) {
        if (event == null || !seen.add(event.id())) {
            return;
        }
        Instant time = event.instant();
        if ((query.since() != null && time.isBefore(query.since()))
                || (query.until() != null && time.isAfter(query.until()))
                || !DockerEvents.matches(event, query.filters())) {
            return;
        }
        response.write(Buffer.buffer(DockerEvents.toDocker(event).toString() + "\n"));
    }

    private static CloudEvent parse(ConsumerRecord<String, String> record) {
        try {
            return EventJson.read(record.value());
        } catch (IllegalArgumentException e) {
            LOG.warning("skipping a record that is not a berth event at " + record.topic() + "/"
                    + record.partition() + "@" + record.offset());
            return null;
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "berth-gateway-events-" + CONSUMERS.get());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaCredentials.apply(props);
        return props;
    }
}
