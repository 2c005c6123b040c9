package dev.berth.build.events;

import dev.berth.common.contract.EventPayloads;
import dev.berth.common.contract.ImageEventData;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.outbox.Consumption;
import dev.berth.build.domain.KnownImage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps this build worker's view of the images that exist (the base images a build may start FROM). */
@ApplicationScoped
public class ImageEventConsumer {

    @Incoming("image-events")
    public Uni<Void> onEvent(String json) {
        return Consumption.once(json, event -> switch (event.action()) {
            case "import", "load", "tag", "pull" -> remember(event);
            case "delete" -> forget(event.subject());
            default -> Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> remember(CloudEvent event) {
        return KnownImage.<KnownImage>findById(event.subject()).chain(found -> {
            KnownImage image = found != null ? found : new KnownImage();
            image.imageId = event.subject();
            image.reference = name(event);
            image.seenAt = OffsetDateTime.now(ZoneOffset.UTC);
            return image.persist();
        }).replaceWithVoid();
    }

    private Uni<Void> forget(String imageId) {
        return KnownImage.deleteById(imageId).replaceWithVoid();
    }

    private static String name(CloudEvent event) {
        return EventPayloads.read(event, ImageEventData.class).attributes().get("name");
    }
}
