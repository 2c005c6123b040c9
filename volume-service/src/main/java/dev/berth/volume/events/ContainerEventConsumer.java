package dev.berth.volume.events;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import dev.berth.common.outbox.ProcessedEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Learns from container events which containers still use a volume; a destroyed container uses none. */
@ApplicationScoped
public class ContainerEventConsumer {

    @Incoming("container-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        CloudEvent event = EventJson.read(json);
        if (!"destroy".equals(event.action())) {
            return Uni.createFrom().voidItem();
        }
        return ProcessedEvents.firstDelivery(event.id())
                .chain(first -> first ? releaseVolumesOf(event.subject()) : Uni.createFrom().voidItem());
    }

    private Uni<Void> releaseVolumesOf(String containerId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("delete from volume_use where container_id = :id")
                        .setParameter("id", containerId)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
