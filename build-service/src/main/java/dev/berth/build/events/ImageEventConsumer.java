package dev.berth.build.events;

import dev.berth.common.contract.EventPayloads;
import dev.berth.common.contract.ImageEventData;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.outbox.Consumption;
import dev.berth.build.domain.KnownImage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps this build worker's view of the images that exist (the base images a build may start FROM), and drops the
 * step cache's records of an image that was deleted, so that builds can trust their cache hits ({@code CacheHits}).
 */
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
        return KnownImage.deleteById(imageId)
                .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "delete from build_cache where child_id = ?1 or parent_id = ?1")
                        .setParameter(1, imageId).executeUpdate()))
                .replaceWithVoid();
    }

    private static String name(CloudEvent event) {
        return EventPayloads.read(event, ImageEventData.class).attributes().get("name");
    }
}
