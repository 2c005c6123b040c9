package dev.berth.runtime.cluster;

import dev.berth.runtime.net.OverlayPeers;
import dev.berth.runtime.node.HostInfo;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the other ready nodes answer (their {@code api}), and which other nodes do not, read from table {@code node}
 * once per heartbeat. While this node is the only one, {@link #alone()} is true and a container's verbs take no
 * detour at all.
 */
@ApplicationScoped
public class NodeDirectory implements OverlayPeers.Nodes {
    private static final Logger LOG = Logger.getLogger(NodeDirectory.class.getName());
    private static final String NODES = "select name, api, status, addr from node";
    /** How long after being out of sight this node looks for copies moved elsewhere, once per read. */
    private static final Duration LOOK_FOR_LOST_COPIES = Duration.ofMinutes(1);

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    NodeConfig config;
    /** Fired when this node was out of the cluster's sight and its containers may run elsewhere by now. */
    @Inject
    jakarta.enterprise.event.Event<ContainersMayHaveMoved> mayHaveMoved;

    private final String self = HostInfo.nodeName();
    private volatile String selfAddress;
    /** The other nodes that answer: name → API. */
    private volatile Map<String, String> others = Map.of();
    /** Every other node with a row, ready or not. */
    private volatile Set<String> known = Set.of();
    /** The other ready nodes' addresses (where their VXLAN endpoints are): name → address. */
    private volatile Map<String, String> addresses = Map.of();
    /** The table was read once: before, no other node is known, and none is taken for removed. */
    private volatile boolean loaded;
    private ContactTracker contact;

    void start(@Observes StartupEvent startup) {
        Duration downAfter = Duration.ofSeconds(Math.max(1, config.downAfterSeconds()));
        contact = new ContactTracker(Clock.systemUTC(), downAfter, LOOK_FOR_LOST_COPIES);
        refresh();
        vertx.setPeriodic(Math.max(1, config.heartbeatSeconds()) * 1000L, id -> refresh());
    }

    void refresh() {
        pool.query(NODES).execute().subscribe().with(rows -> {
            Map<String, String> found = new HashMap<>();
            Map<String, String> addrs = new HashMap<>();
            Set<String> all = new HashSet<>();
            String ownStatus = null;
            for (Row row : rows) {
                String name = row.getString(0);
                if (name.equals(self)) {
                    ownStatus = row.getString(2);
                    continue;
                }
                all.add(name);
                if ("ready".equals(row.getString(2)) && !row.getString(1).isEmpty()) {
                    found.put(name, row.getString(1));
                }
                if ("ready".equals(row.getString(2)) && !row.getString(3).isEmpty()) {
                    addrs.put(name, row.getString(3));
                }
            }
            others = Map.copyOf(found);
            addresses = Map.copyOf(addrs);
            known = Set.copyOf(all);
            loaded = true;
            if (contact.read(ownStatus) && !all.isEmpty()) {
                mayHaveMoved.fire(new ContainersMayHaveMoved());
            }
        }, failure -> LOG.log(Level.FINE, "node directory: " + failure.getMessage()));
    }

    /** No other node has a row: everything is here. */
    @Override
    public boolean alone() {
        return known.isEmpty();
    }

    /** Another node is ready: the cluster is more than this node now. */
    public boolean othersReady() {
        return !others.isEmpty();
    }

    /**
     * {@code nodeName} is another node without a row any more ({@code docker node rm}): its containers' rows stay
     * (their last state unvouched for) until removed here.
     */
    public boolean removed(String nodeName) {
        return loaded && nodeName != null && !nodeName.isEmpty() && !nodeName.equals(self)
                && !known.contains(nodeName);
    }

    /**
     * A container of {@code nodeName} is not vouched for: that node does not answer ({@link #unreachable}) or has no
     * row any more ({@link #removed}); ps and inspect show it {@code unknown}.
     */
    public boolean unvouched(String nodeName) {
        return unreachable(nodeName) || removed(nodeName);
    }

    /** {@code nodeName} is another node that has a row but does not answer (down, or announced no API). */
    public boolean unreachable(String nodeName) {
        return nodeName != null && known.contains(nodeName) && !others.containsKey(nodeName);
    }

    public String self() {
        return self;
    }

    @Override
    public String selfName() {
        return self;
    }

    @Override
    public String selfAddress() {
        String addr = selfAddress;
        if (addr == null) {
            addr = NodeIdentity.address(config);
            selfAddress = addr;
        }
        return addr;
    }

    @Override
    public Optional<String> addressOf(String nodeName) {
        return addrOf(nodeName);
    }

    /** Every other ready node's API: name → API. */
    public Map<String, String> readyApis() {
        return others;
    }

    /** The API of {@code nodeName} when it is another ready node. */
    public Optional<String> apiOf(String nodeName) {
        return nodeName == null ? Optional.empty() : Optional.ofNullable(others.get(nodeName));
    }

    /** The address of {@code nodeName} when it is another ready node. */
    public Optional<String> addrOf(String nodeName) {
        return nodeName == null ? Optional.empty() : Optional.ofNullable(addresses.get(nodeName));
    }

    /** The API of the other ready node whose tag {@code execId} carries ({@link NodeTag}). */
    public Optional<String> apiOfExec(String execId) {
        return others.entrySet().stream().filter(e -> NodeTag.carries(execId, e.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }
}
