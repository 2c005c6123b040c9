package dev.berth.runtime.net;

import dev.berth.runtime.node.NodePaths;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Node start: base chains, and the bridges, DNAT rules, port reservations and DNS names of running containers; then
 * every 5 s the user networks' containers on other nodes ({@link OverlayPeers#syncAll}, nothing while alone).
 */
@ApplicationScoped
public class NetworkStartup {
    private static final Logger LOG = Logger.getLogger(NetworkStartup.class.getName());

    private static final long OVERLAY_SYNC_MILLIS = 5_000;

    void onStart(@Observes StartupEvent event, ContainerNetworking networking, NodePaths paths, Vertx vertx) {
        Thread t = new Thread(() -> {
            try {
                networking.restore(paths.containers());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot restore the node's networks", e);
            }
        }, "berth-net-restore");
        t.setDaemon(true);
        t.start();
        // what the network events did not say (a node that went down or came back, an event missed while away)
        vertx.setPeriodic(OVERLAY_SYNC_MILLIS, id -> vertx.executeBlocking(() -> {
            if (networking.overlay() != null) {
                networking.overlay().syncAll();
            }
            return null;
        }, false));
    }

    void onStop(@Observes ShutdownEvent event, ContainerNetworking networking) {
        networking.dns().stopAll();
    }
}
