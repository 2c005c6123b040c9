package dev.berth.runtime.mounts;

import dev.berth.common.contract.EventPayloads;
import dev.berth.common.contract.VolumeEventData;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A destroyed volume's data goes from this node (volume-service owns the volume, the node owns the disk). The
 * effect is idempotent by itself (the directory is removed only while it still carries the destroyed volume's id),
 * so a redelivery needs no bookkeeping; each node reads with a consumer group of its own.
 */
@ApplicationScoped
public class VolumeEventConsumer {
    private static final Logger LOG = Logger.getLogger(VolumeEventConsumer.class.getName());

    @Inject
    VolumeDirs dirs;

    @Incoming("volume-events")
    @Blocking
    public void onEvent(String json) {
        CloudEvent event;
        try {
            event = EventJson.read(json);
        } catch (IllegalArgumentException e) {
            LOG.warning("skipping a malformed volume event: " + e.getMessage());
            return;
        }
        try {
            if ("destroy".equals(event.action())) {
                dirs.destroy(event.subject(), EventPayloads.read(event, VolumeEventData.class).volumeId());
            }
        } catch (RuntimeException e) {
            LOG.warning("volume event " + event.id() + " not applied: " + e.getMessage());
        }
    }
}
