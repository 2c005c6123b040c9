package dev.berth.volume.events;

import dev.berth.common.outbox.Consumption;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Learns from container events which containers still use a volume; a destroyed container uses none. */
@ApplicationScoped
public class ContainerEventConsumer {

    @Incoming("container-events")
    public Uni<Void> onEvent(String json) {
        return Consumption.once(json, event -> "destroy".equals(event.action())
                ? releaseVolumesOf(event.subject())
                : Uni.createFrom().voidItem());
    }

    private Uni<Void> releaseVolumesOf(String containerId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("delete from volume_use where container_id = :id")
                        .setParameter("id", containerId)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
