package dev.berth.runtime.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.contract.NodeBeat;
import dev.berth.common.events.KafkaCredentials;
import dev.berth.common.events.Topics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The node watch, run by one runtime-service at a time: the holder of a session advisory lock on a JDBC connection
 * of its own (released by PostgreSQL when the holder's connection ends, so another node takes over at its next
 * try). It reads every node's beats on {@code berth.node.heartbeat} (all partitions, from the end, no consumer
 * group), refreshes their rows and {@code last_seen}, and writes the ready/down transitions
 * ({@link NodeStatusTracker}) with their events, all on the lock connection.
 */
final class NodeWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeWatch.class.getName());
    /** pg_try_advisory_lock key of the node watch ("berth-nw"), in the runtime database. */
    private static final long LOCK_KEY = 7090199032654305143L;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Connection db;
    private final KafkaConsumer<String, String> beats;
    private final NodeStatusTracker tracker;
    private final String self;
    private final Duration rowEvery;
    /** Per node, what its row last got from this watch and when: an unchanged row is refreshed every rowEvery. */
    private final Map<String, Written> written = new HashMap<>();
    /** Told of each node written down, once its transaction committed. */
    private final Consumer<NodeDown> onDown;
    private final List<NodeDown> downsToTell = new ArrayList<>();

    private record Written(NodeIdentity identity, Instant at) {
    }

    private record Received(NodeBeat beat, Instant sentAt) {
    }

    private NodeWatch(Connection db, KafkaConsumer<String, String> beats, NodeStatusTracker tracker, String self,
            Duration rowEvery, Consumer<NodeDown> onDown) {
        this.onDown = onDown;
        this.db = db;
        this.beats = beats;
        this.tracker = tracker;
        this.self = self;
        this.rowEvery = rowEvery;
    }

    /** The watch if this process gets the lock now, else null (the connection goes back to the pool). */
    static NodeWatch tryTake(DataSource pool, String bootstrap, NodeIdentity self, Duration downAfter,
            Duration pauseLimit, Consumer<NodeDown> onDown) throws SQLException {
        Connection db = pool.getConnection();
        try {
            boolean locked;
            try (Statement st = db.createStatement();
                    ResultSet rs = st.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                locked = rs.next() && rs.getBoolean(1);
            }
            if (!locked) {
                db.close();
                return null;
            }
            db.setAutoCommit(false);
            NodeTable.lead(db, self.id());
            db.commit();
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(bootstrap));
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info : consumer.partitionsFor(Topics.NODE_HEARTBEAT, Duration.ofSeconds(15))) {
                    partitions.add(new TopicPartition(Topics.NODE_HEARTBEAT, info.partition()));
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
            } catch (RuntimeException e) {
                consumer.close(Duration.ZERO);
                throw e;
            }
            LOG.info("this node (" + self.name() + ") watches the nodes' heartbeats");
            // last_seen is for people and for the next holder (the transitions come from the tracker's own times):
            // an unchanged row is written about once per limit, not at every beat (a commit, a WAL flush each)
            return new NodeWatch(db, consumer, new NodeStatusTracker(Clock.systemUTC(), downAfter, pauseLimit),
                    self.id(), downAfter, onDown);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Reads beats for up to {@code wait}, then writes what changed; this node's own beat comes in directly. */
    void poll(Duration wait) throws SQLException {
        List<Received> received = new ArrayList<>();
        for (ConsumerRecord<String, String> record : beats.poll(wait)) {
            if (self.equals(record.key())) {
                tracker.heardSelf(); // its row comes straight from the beating thread (own)
                continue;
            }
            try {
                NodeBeat beat = JSON.readValue(record.value(), NodeBeat.class);
                if (beat.id() != null && beat.id().equals(record.key()) && beat.name() != null) {
                    received.add(new Received(beat, Instant.ofEpochMilli(record.timestamp())));
                }
            } catch (JsonProcessingException e) {
                LOG.warning("skipping an unreadable heartbeat of node " + record.key());
            }
        }
        try {
            for (Received r : received) {
                receive(r.beat(), r.sentAt());
            }
            check();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            downsToTell.clear();
            db.rollback();
            throw e;
        }
        List<NodeDown> downs = List.copyOf(downsToTell);
        downsToTell.clear();
        downs.forEach(onDown);
    }

    /** This node's own beat, straight from the beating thread (the watch does not wait for Kafka to see itself). */
    void own(NodeBeat beat) throws SQLException {
        try {
            receive(beat, Instant.now());
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        }
    }

    /** {@code sentAt}: the beat's record time (a beat sent before its node's removal brings no row back). */
    private void receive(NodeBeat beat, Instant sentAt) throws SQLException {
        NodeIdentity node = NodeIdentity.of(beat);
        Instant now = Instant.now();
        Written last = written.get(node.id());
        if (last == null || !last.identity().equals(node) || !now.isBefore(last.at().plus(rowEvery))) {
            NodeTable.announce(db, node, sentAt);
            written.put(node.id(), new Written(node, now));
        }
        tracker.beat(beat.id()).ifPresent(this::applyOrRevert);
    }

    /** Learns rows the watch did not know (a node that announced itself at start), and expires silent ones. */
    private void check() throws SQLException {
        Set<String> ids = new HashSet<>();
        for (NodeTable.Status row : NodeTable.statuses(db)) {
            ids.add(row.id());
            tracker.known(row.id(), row.status(), row.lastSeen());
        }
        tracker.retain(ids);
        written.keySet().retainAll(ids); // a removed node's next beat writes its row again
        tracker.beat(self).ifPresent(this::applyOrRevert); // the watch runs here: this node is alive
        for (NodeStatusTracker.Transition down : tracker.expired()) {
            applyOrRevert(down);
        }
    }

    private void applyOrRevert(NodeStatusTracker.Transition change) {
        try {
            String name = NodeTable.apply(db, change);
            if (name != null) {
                LOG.info("node " + change.id() + ": " + change.from() + " -> " + change.to());
                if (NodeStatusTracker.DOWN.equals(change.to())) {
                    downsToTell.add(new NodeDown(change.id(), name));
                }
            }
        } catch (SQLException e) {
            tracker.revert(change);
            throw new IllegalStateException(e);
        }
    }

    /** Gives the lock up (closing the connection ends the session and its advisory lock). */
    @Override
    public void close() {
        try {
            beats.close(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.fine("closing the heartbeat reader: " + e);
        }
        try {
            db.close();
        } catch (SQLException e) {
            LOG.fine("closing the node watch's connection: " + e);
        }
    }

    void wakeup() {
        beats.wakeup();
    }

    private static Properties consumerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "berth-node-watch-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return KafkaCredentials.apply(props);
    }
}
