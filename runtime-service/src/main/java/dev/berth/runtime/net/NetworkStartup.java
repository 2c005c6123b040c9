package dev.berth.runtime.net;

import dev.berth.runtime.node.NodePaths;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Node start: base chains, and the bridges, DNAT rules, port reservations and DNS names of running containers. */
@ApplicationScoped
public class NetworkStartup {
    private static final Logger LOG = Logger.getLogger(NetworkStartup.class.getName());

    void onStart(@Observes StartupEvent event, ContainerNetworking networking, NodePaths paths) {
        Thread t = new Thread(() -> {
            try {
                networking.restore(paths.containers());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot restore the node's networks", e);
            }
        }, "berth-net-restore");
        t.setDaemon(true);
        t.start();
    }

    void onStop(@Observes ShutdownEvent event, ContainerNetworking networking) {
        networking.dns().stopAll();
    }
}
