package dev.berth.image.events;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import dev.berth.common.outbox.ProcessedEvents;
import dev.berth.image.domain.ContainerImage;
import io.quarkus.hibernate.reactive.panache.Panache;
import java.time.Duration;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns from container events which containers use which image (create, destroy) and whether they run
 * (start, die, stop, kill, pause/unpause are ignored), so {@code docker rmi} can refuse like dockerd.
 */
@ApplicationScoped
public class ContainerEventConsumer {
    private static final Logger LOG = Logger.getLogger(ContainerEventConsumer.class.getName());

    /**
     * One transaction per event (the effect and the processed_event row together). A failing transaction (database
     * away) is retried with back-off rather than failing the channel, which would stop consumption for good.
     */
    @Incoming("container-events")
    public Uni<Void> onEvent(String json) {
        return Panache.withTransaction(() -> handle(json))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).atMost(40)
                .onFailure().recoverWithUni(failure -> {
                    LOG.severe("giving up on a container event after retries: " + failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> handle(String json) {
        CloudEvent event;
        try {
            event = EventJson.read(json);
        } catch (IllegalArgumentException e) {
            LOG.warning("ignoring a malformed container event: " + e.getMessage());
            return Uni.createFrom().voidItem();
        }
        String action = event.action();
        if (!action.equals("create") && !action.equals("destroy") && !action.equals("start")
                && !action.equals("die")) {
            return Uni.createFrom().voidItem();
        }
        return ProcessedEvents.firstDelivery(event.id())
                .chain(first -> first ? apply(event, action) : Uni.createFrom().voidItem());
    }

    private Uni<Void> apply(CloudEvent event, String action) {
        String containerId = event.subject();
        if (containerId == null) {
            return Uni.createFrom().voidItem();
        }
        return switch (action) {
            case "create" -> created(containerId, event.data());
            case "destroy" -> ContainerImage.delete("containerId", containerId).replaceWithVoid();
            default -> ContainerImage.<ContainerImage>findById(containerId).invoke(use -> {
                if (use != null) {
                    use.running = action.equals("start");
                    use.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                }
            }).replaceWithVoid();
        };
    }

    private Uni<Void> created(String containerId, Map<String, Object> data) {
        if (data == null || !(data.get("imageId") instanceof String imageId)) {
            LOG.warning("container create event without data.imageId for " + containerId);
            return Uni.createFrom().voidItem();
        }
        String name = data.get("attributes") instanceof Map<?, ?> attributes && attributes.get("image") instanceof String s
                ? s : null;
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
