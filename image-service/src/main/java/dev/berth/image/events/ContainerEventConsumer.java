package dev.berth.image.events;

import dev.berth.common.contract.ContainerEventData;
import dev.berth.common.contract.EventPayloads;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.outbox.Consumption;
import dev.berth.image.domain.ContainerImage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns from container events which containers use which image (create, destroy) and whether they run
 * (start, die, stop, kill, pause/unpause are ignored), so {@code docker rmi} can refuse like dockerd.
 */
@ApplicationScoped
public class ContainerEventConsumer {
    private static final Logger LOG = Logger.getLogger(ContainerEventConsumer.class.getName());
    private static final Set<String> ACTIONS = Set.of("create", "destroy", "start", "die");

    @Incoming("container-events")
    public Uni<Void> onEvent(String json) {
        return Consumption.once(json, ACTIONS, event -> apply(event, event.action()));
    }

    private Uni<Void> apply(CloudEvent event, String action) {
        String containerId = event.subject();
        if (containerId == null) {
            return Uni.createFrom().voidItem();
        }
        return switch (action) {
            case "create" -> created(containerId, EventPayloads.read(event, ContainerEventData.class));
            case "destroy" -> ContainerImage.delete("containerId", containerId).replaceWithVoid();
            default -> ContainerImage.<ContainerImage>findById(containerId).invoke(use -> {
                if (use != null) {
                    use.running = action.equals("start");
                    use.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                }
            }).replaceWithVoid();
        };
    }

    private Uni<Void> created(String containerId, ContainerEventData data) {
        String imageId = data.imageId();
        if (imageId == null) {
            LOG.warning("container create event without data.imageId for " + containerId);
            return Uni.createFrom().voidItem();
        }
        String name = data.attributes().get("image");
        return ContainerImage.<ContainerImage>findById(containerId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            ContainerImage use = new ContainerImage();
            use.containerId = containerId;
            use.imageId = imageId;
            use.imageName = name;
            use.running = false;
            use.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            return use.persist().replaceWithVoid();
        });
    }
}
