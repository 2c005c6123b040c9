package dev.berth.runtime.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.images.ImageClient;
import dev.berth.runtime.node.LayerStore;
import dev.berth.runtime.service.Contexts;
import dev.berth.runtime.store.ContainerLookup;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's unpacked layers are a cache of image-service's: every {@code berth.layers.sweep-seconds} (0: never)
 * the ones no image needs any more ({@code docker rmi}, {@code image prune}) and no container of this node uses are
 * deleted, as dockerd deletes an image's layers with it. A layer put in place within the last
 * {@code berth.layers.sweep-grace-seconds} stays (a container may be on its way to using it); when image-service
 * cannot be asked, nothing is deleted.
 */
@ApplicationScoped
public class UnusedLayers {
    private static final Logger LOG = Logger.getLogger(UnusedLayers.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Vertx vertx;
    @Inject
    ContainerLookup lookup;
    @Inject
    LayerStore layers;
    @Inject
    ImageClient images;
    @ConfigProperty(name = "berth.layers.sweep-seconds")
    long sweepSeconds;
    @ConfigProperty(name = "berth.layers.sweep-grace-seconds")
    long graceSeconds;

    private final AtomicBoolean running = new AtomicBoolean();

    void start(@Observes StartupEvent startup) {
        if (sweepSeconds > 0) {
            vertx.setPeriodic(sweepSeconds * 1000, id -> sweep());
        }
    }

    private void sweep() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Contexts.onSafeContext(vertx, () -> lookup.listAll()).subscribe().with(
                containers -> vertx.executeBlocking(() -> sweep(containers), false)
                        .onComplete(done -> running.set(false)),
                failure -> {
                    running.set(false);
                    LOG.log(Level.FINE, "layer sweep: cannot list the containers", failure);
                });
    }

    private List<String> sweep(List<Container> containers) {
        try {
            Set<String> chains = images.layerChains(); // first: a container made after this is in the list below
            Set<String> used = new HashSet<>();
            for (Container c : containers) {
                used.addAll(layerDirs(c.layers));
            }
            List<String> deleted = layers.sweep(chains, used, Instant.now().minusSeconds(graceSeconds));
            if (!deleted.isEmpty()) {
                LOG.info("deleted " + deleted.size() + " unpacked layer(s) no image or container needs: "
                        + String.join(" ", deleted.subList(0, Math.min(10, deleted.size())))
                        + (deleted.size() > 10 ? " …" : ""));
            }
            return deleted;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "layer sweep skipped: " + e.getMessage(), e);
            return List.of();
        }
    }

    static Set<String> layerDirs(String json) {
        Set<String> dirs = new HashSet<>();
        if (json == null || json.isEmpty()) {
            return dirs;
        }
        try {
            for (JsonNode n : JSON.readTree(json)) {
                dirs.add(n.asText());
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable layer list " + json, e);
        }
        return dirs;
    }
}
