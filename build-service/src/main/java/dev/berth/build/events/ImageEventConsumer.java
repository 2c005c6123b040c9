package dev.berth.build.events;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.outbox.Consumption;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
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
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("insert into known_image (image_id, reference) values (:id, :ref)"
                        + " on conflict (image_id) do update set reference = excluded.reference, seen_at = now()")
                        .setParameter("id", event.subject())
                        .setParameter("ref", name(event))
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> forget(String imageId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("delete from known_image where image_id = :id")
                        .setParameter("id", imageId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static String name(CloudEvent event) {
        Object attributes = event.data() == null ? null : event.data().get("attributes");
        return attributes instanceof Map<?, ?> map && map.get("name") != null ? map.get("name").toString() : null;
    }
}
