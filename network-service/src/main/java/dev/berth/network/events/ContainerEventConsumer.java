package dev.berth.network.events;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import dev.berth.common.outbox.ProcessedEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        CloudEvent event = EventJson.read(json);
        String action = event.action();
        if (!action.equals("create") && !action.equals("destroy")) {
            return Uni.createFrom().voidItem();
        }
        return ProcessedEvents.firstDelivery(event.id()).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            return action.equals("create") ? attach(event) : detachEverywhere(event.subject());
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
