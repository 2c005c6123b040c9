package dev.berth.runtime.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.events.TopicSetup;
import dev.berth.common.events.Topics;
import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.node.NodePaths;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * This node in the cluster: its row written at start, then one small thread that publishes its heartbeat every
 * {@code BERTH_NODE_HEARTBEAT_SECONDS} on {@code berth.node.heartbeat} (through the service's Kafka producer, the
 * outbox relay's; a beat the producer cannot take now is skipped) and tries to take the {@link NodeWatch}, which it
 * then runs between beats.
 */
@ApplicationScoped
public class NodeHeartbeat {
    private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The beats matter for a few seconds: an hour of them is plenty for anyone looking. */
    private static final Map<String, String> BEAT_RETENTION = Map.of("retention.ms", "3600000");

    @Inject
    NodeConfig config;
    @Inject
    NodePaths paths;
    @Inject
    KernelFiles kernel;
    @Inject
    DataSource db;
    /** Each node the watch writes down (its observer must not hold this thread: the beats wait). */
    @Inject
    jakarta.enterprise.event.Event<NodeDown> downs;
    @Inject
    @Channel("events-out")
    MutinyEmitter<String> producer;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.http.host")
    String bindHost;
    @ConfigProperty(name = "quarkus.http.port")
    int port;

    private volatile NodeIdentity self;
    private volatile boolean closed;
    private volatile NodeWatch watch;
    private Thread thread;

    void start(@Observes StartupEvent startup) throws SQLException {
        try {
            self = NodeIdentity.resolve(config, paths, kernel, bindHost, port);
        } catch (IllegalArgumentException e) {
            LOG.severe("runtime-service does not start: " + e.getMessage());
            throw e;
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            NodeTable.announce(c, self);
            c.commit();
        }
        thread = new Thread(this::run, "berth-node-heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    public NodeIdentity self() {
        return self;
    }

    private void run() {
        TopicSetup.ensure(bootstrap, List.of(Topics.NODE_HEARTBEAT), BEAT_RETENTION);
        TopicSetup.ensure(bootstrap, List.of(Topics.NODE));
        long every = Math.max(1, config.heartbeatSeconds()) * 1000L;
        Duration downAfter = Duration.ofSeconds(Math.max(1, config.downAfterSeconds()));
        // the watch checks at least once per beat: a gap of two beats and a second means it was held up
        Duration pauseLimit = Duration.ofMillis(2 * every + 1000);
        long next = 0;
        boolean failing = false;
        while (!closed) {
            try {
                long now = System.currentTimeMillis();
                if (now >= next) {
                    beat();
                    next = now + every;
                    if (watch == null) {
                        watch = NodeWatch.tryTake(db, bootstrap, self, downAfter, pauseLimit, downs::fire);
                    }
                    if (watch != null) {
                        watch.own(self.beat());
                    }
                }
                long wait = Math.max(1, next - System.currentTimeMillis());
                if (watch != null) {
                    watch.poll(Duration.ofMillis(wait));
                } else {
                    LockSupport.parkNanos(wait * 1_000_000L); // stop() unparks: no interrupt reaches Kafka's client
                }
                failing = false;
            } catch (WakeupException e) {
                break;
            } catch (SQLException | RuntimeException e) {
                // once per outage (PostgreSQL or Kafka away): the loop tries again at every beat
                LOG.log(closed || failing ? Level.FINE : Level.WARNING, "node heartbeat: " + e.getMessage()
                        + (watch != null ? "; giving the node watch up" : ""));
                failing = true;
                dropWatch();
                next = System.currentTimeMillis() + every;
            }
        }
        dropWatch();
    }

    private void beat() {
        if (!producer.hasRequests()) {
            return; // Kafka is away or slow: skip this beat rather than queue it behind the outbox's events
        }
        try {
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(Topics.NODE_HEARTBEAT).withKey(self.id()).build();
            producer.sendMessageAndForget(Message.of(JSON.writeValueAsString(self.beat())).addMetadata(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void dropWatch() {
        NodeWatch w = watch;
        watch = null;
        if (w != null) {
            w.close();
        }
    }

    @PreDestroy
    void stop() {
        closed = true;
        NodeWatch w = watch;
        if (w != null) {
            w.wakeup();
        }
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
