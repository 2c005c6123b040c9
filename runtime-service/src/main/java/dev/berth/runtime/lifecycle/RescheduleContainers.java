package dev.berth.runtime.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.contract.ContainerNetwork;
import dev.berth.common.http.ServiceCalls;
import dev.berth.common.platform.DaemonThreads;
import dev.berth.runtime.cluster.NodeDown;
import dev.berth.runtime.cluster.NodeHeartbeat;
import dev.berth.runtime.net.ContainerNetworking;
import dev.berth.runtime.store.ContainerEvents;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Node loss (issue 17): when the node watch writes a node down, each container that ran there and wants to run —
 * restart policy {@code always} or {@code unless-stopped}, or label {@code berth.reschedule=on-node-failure} — is
 * created again with the same name, config and host config (placement chooses among the ready nodes, the down one
 * never) and started, with a {@code reschedule} event (the lost copy's id and node); then the lost copy's row goes,
 * with its {@code destroy} event. A container with a named
 * volume stays: its data is on the lost node. The new one joins the lost copy's networks with its aliases there
 * (network-service still holds them: the lost copy never stopped), with new addresses. The lost node, when it comes
 * back, stops and removes its copies: they have no row any more ({@link OrphanBundles}, {@link LostCopies}), so a
 * container never runs on two nodes once the nodes see each other.
 */
@ApplicationScoped
public class RescheduleContainers {
    private static final Logger LOG = Logger.getLogger(RescheduleContainers.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String LABEL = "berth.reschedule";
    private static final String LOST = "select id, name, config, host_config from container where node = ?"
            + " and state in ('running', 'restarting', 'paused') order by created_at";
    private static final String RENAME = "update container set name = ? where id = ? and name = ?";
    private static final String STOPPED = "update container set state = 'exited', exit_code = 255,"
            + " finished_at = now() where id = ?";

    @Inject
    DataSource jdbc;
    @Inject
    CreateContainer creates;
    @Inject
    RemoveContainer removals;
    @Inject
    NodeHeartbeat heartbeat;
    @Inject
    ContainerEvents events;
    @Inject
    ContainerNetworking networking;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("berth-reschedule"));
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    /** A container of the lost node, as its row has it. */
    record Lost(String id, String name, ObjectNode config, JsonNode hostConfig) {
    }

    /** On the watch's thread: the work goes to a thread of its own, the beats do not wait for it. */
    void onDown(@Observes NodeDown down) {
        worker.submit(() -> reschedule(down));
    }

    void reschedule(NodeDown down) {
        List<Lost> lost;
        try {
            lost = lostOn(down.name());
        } catch (SQLException | IOException e) {
            LOG.log(Level.WARNING, "node " + down.name() + " is down, its containers cannot be read: " + e.getMessage());
            return;
        }
        for (Lost c : lost) {
            if (!wantsToRun(c)) {
                continue;
            }
            if (holdsNamedVolume(c.hostConfig())) {
                LOG.info("container " + c.name() + " stays on the lost node " + down.name()
                        + ": a named volume's data is there");
                continue;
            }
            try {
                String id = recreate(c, down.name());
                LOG.info("container " + c.name() + " of the lost node " + down.name() + " runs again as " + id);
            } catch (RuntimeException | SQLException e) {
                LOG.log(Level.WARNING, "container " + c.name() + " of the lost node " + down.name()
                        + " could not be rescheduled: " + e.getMessage());
            }
        }
    }

    private List<Lost> lostOn(String node) throws SQLException, IOException {
        List<Lost> out = new ArrayList<>();
        try (Connection db = jdbc.getConnection(); PreparedStatement query = db.prepareStatement(LOST)) {
            query.setString(1, node);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    out.add(new Lost(rs.getString(1), rs.getString(2), (ObjectNode) JSON.readTree(rs.getString(3)),
                            JSON.readTree(rs.getString(4))));
                }
            }
        }
        return out;
    }

    static boolean wantsToRun(Lost c) {
        String policy = c.hostConfig().path("RestartPolicy").path("Name").asText("");
        return policy.equals("always") || policy.equals("unless-stopped")
                || "on-node-failure".equals(c.config().path("Labels").path(LABEL).asText(null));
    }

    /** {@code -v name:/path} or {@code --mount type=volume,source=name}: data that does not move with it. */
    static boolean holdsNamedVolume(JsonNode hostConfig) {
        for (JsonNode bind : hostConfig.path("Binds")) {
            String source = bind.asText().split(":", 2)[0];
            if (!source.isEmpty() && !source.startsWith("/")) {
                return true;
            }
        }
        for (JsonNode mount : hostConfig.path("Mounts")) {
            if ("volume".equals(mount.path("Type").asText()) && !mount.path("Source").asText("").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The old row gives its name up, the same create is made again (placement picks among the ready nodes) and
     * started; then the old row goes. If the create fails, the old row gets its name back and stays.
     */
    private String recreate(Lost c, String node) throws SQLException {
        String parked = c.name() + "-lost-" + c.id().substring(0, 12);
        rename(c.id(), c.name(), parked);
        String id;
        try {
            ObjectNode body = c.config().deepCopy();
            if (body.path("Hostname").asText().equals(c.id().substring(0, 12))) {
                body.remove("Hostname"); // the lost copy's default, its short id: the new one gets its own
            }
            body.set("HostConfig", c.hostConfig());
            body.set("NetworkingConfig", networkingConfig(networking.client().networksOf(c.id()), c.id()));
            id = VertxContextSupport.subscribeAndAwait(() -> creates.create(c.name(), body));
        } catch (Throwable t) {
            rename(c.id(), parked, c.name());
            throw new IllegalStateException("create: " + t.getMessage(), t);
        }
        start(id);
        try {
            VertxContextSupport.subscribeAndAwait(() -> events.record(id, "reschedule",
                    Map.of("previousId", c.id(), "previousNode", node)));
        } catch (Throwable t) {
            LOG.warning("the reschedule event of " + c.name() + " was not recorded: " + t.getMessage());
        }
        try (Connection db = jdbc.getConnection(); PreparedStatement update = db.prepareStatement(STOPPED)) {
            update.setString(1, c.id());
            update.executeUpdate();
        }
        try {
            VertxContextSupport.subscribeAndAwait(() -> removals.removeNow(c.id()));
        } catch (Throwable t) {
            LOG.warning("the lost copy " + c.id() + " of " + c.name() + " on " + node + " could not be removed: "
                    + t.getMessage());
        }
        return id;
    }

    /**
     * The lost copy's networks and aliases as a create's NetworkingConfig (its addresses are new: the lost copy's
     * stay taken until its row goes). The aliases a container gets by itself (its short id) are not copied.
     */
    static ObjectNode networkingConfig(List<ContainerNetwork> networks, String lostId) {
        ObjectNode endpoints = JSON.createObjectNode();
        for (ContainerNetwork n : networks) {
            ObjectNode endpoint = endpoints.putObject(n.networkName());
            List<String> own = n.aliases().stream().filter(a -> !(a.length() >= 12 && lostId.startsWith(a))).toList();
            if (!own.isEmpty()) {
                own.forEach(endpoint.putArray("Aliases")::add);
            }
        }
        ObjectNode config = JSON.createObjectNode();
        config.set("EndpointsConfig", endpoints);
        return config;
    }

    private void rename(String id, String from, String to) throws SQLException {
        try (Connection db = jdbc.getConnection(); PreparedStatement update = db.prepareStatement(RENAME)) {
            update.setString(1, to);
            update.setString(2, id);
            update.setString(3, from);
            update.executeUpdate();
        }
    }

    /** Through this node's own API: the call reaches the node the create landed on. */
    private void start(String id) {
        HttpRequest request = ServiceCalls.request(URI.create(heartbeat.self().api() + "/containers/" + id + "/start"))
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> answer = ServiceCalls.send(http, request, "this node's API");
        if (answer.statusCode() / 100 != 2) {
            throw ServiceCalls.answered(answer, "the start of " + id + " failed");
        }
    }
}
