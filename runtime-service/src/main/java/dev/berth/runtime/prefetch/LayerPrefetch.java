package dev.berth.runtime.prefetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import dev.berth.runtime.images.ImageClient;
import dev.berth.runtime.service.ContainerNode;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Unpacks the layers of an image as soon as image-service has it (pull, load, import events), so that the first
 * {@code docker run} of it does not wait for the unpacking: podman unpacks during the pull, berth right after it,
 * beside it. Reads only new events (each node with a consumer group of its own). Idempotent: layers are kept per
 * ChainID and unpacked once; a layer a `run` is unpacking at the same moment is waited for, not unpacked twice.
 * {@code BERTH_PREFETCH_LAYERS=false} turns it off (nodes of a large cluster that will not run most images).
 */
@ApplicationScoped
public class LayerPrefetch {
    private static final Logger LOG = Logger.getLogger(LayerPrefetch.class.getName());
    private static final Set<String> ARRIVALS = Set.of("pull", "load", "import");

    @Inject
    ImageClient images;
    @Inject
    ContainerNode node;
    @ConfigProperty(name = "berth.prefetch-layers", defaultValue = "true")
    boolean enabled;

    @Incoming("image-events")
    @Blocking
    public void onEvent(String json) {
        if (!enabled) {
            return;
        }
        CloudEvent event;
        try {
            event = EventJson.read(json);
        } catch (IllegalArgumentException e) {
            LOG.warning("skipping a malformed image event: " + e.getMessage());
            return;
        }
        if (!ARRIVALS.contains(event.action()) || event.subject() == null || event.subject().isEmpty()) {
            return;
        }
        try {
            JsonNode inspect = images.inspect(event.subject());
            node.ensureLayers(images.layers(event.subject(), inspect).layers(), images);
        } catch (BerthException | IllegalStateException e) {
            // deleted meanwhile, or image-service away: the first run unpacks, as without prefetching
            LOG.fine(() -> "no prefetch for " + event.subject() + ": " + e.getMessage());
        }
    }
}
