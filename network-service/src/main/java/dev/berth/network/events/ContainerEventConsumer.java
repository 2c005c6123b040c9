package dev.berth.network.events;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.outbox.Consumption;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the endpoint table (container ↔ network) in step with container events, idempotently: a created
 * container is attached to the network its NetworkMode names, a destroyed one is detached everywhere.
 */
@ApplicationScoped
public class ContainerEventConsumer {

    @Incoming("container-events")
    public Uni<Void> onEvent(String json) {
        return Consumption.once(json, event -> switch (event.action()) {
            case "create" -> attach(event);
            case "destroy" -> detachEverywhere(event.subject());
            default -> Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> attach(CloudEvent event) {
        Object mode = event.data() == null ? null : event.data().get("networkMode");
        if (mode == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("insert into endpoint (network_id, container_id)"
                        + " select id, :container from network where name = :name on conflict do nothing")
                        .setParameter("container", event.subject())
                        .setParameter("name", mode.toString())
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> detachEverywhere(String containerId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("delete from endpoint where container_id = :id")
                        .setParameter("id", containerId)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
