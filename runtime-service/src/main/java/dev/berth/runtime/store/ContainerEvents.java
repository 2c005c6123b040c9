package dev.berth.runtime.store;

import dev.berth.common.contract.ContainerEventData;
import dev.berth.common.contract.EventPayloads;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventType;
import dev.berth.common.events.Topics;
import dev.berth.common.outbox.Outbox;
import dev.berth.runtime.domain.Container;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Docker's container events, appended to the outbox in the transaction of the change they report. */
@ApplicationScoped
public class ContainerEvents {
    public static final String SOURCE = "runtime-service";

    @Inject
    ContainerTx db;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    /**
     * Appends {@code action} about {@code c}: its labels, image and name as attributes; inside a transaction.
     * {@code extraData} names fields of {@link ContainerEventData.Extra} (an unknown one fails).
     */
    public Uni<Void> append(String action, Container c, Map<String, String> extraAttributes,
            Map<String, Object> extraData) {
        return Outbox.append(Topics.CONTAINER, event(action, c, c.labels().map(), extraAttributes, extraData));
    }

    /**
     * Appends {@code action} about {@code c} in a statement of its own, outside any transaction, published within
     * a moment rather than at once ({@link Outbox#appendQuiet}: the caller then asks its relay for that pass): for an
     * event that goes with no change of the container's row and that no service acts on (an exec's create, start and
     * die). {@code labels}: the container's, as the caller already read them.
     */
    public Uni<Void> appendQuiet(String action, Container c, Map<String, String> labels,
            Map<String, String> extraAttributes, Map<String, Object> extraData) {
        return Outbox.appendQuiet(pool, Topics.CONTAINER, event(action, c, labels, extraAttributes, extraData));
    }

    private static CloudEvent event(String action, Container c, Map<String, String> labels,
            Map<String, String> extraAttributes, Map<String, Object> extraData) {
        Map<String, String> attributes = new LinkedHashMap<>(labels);
        attributes.put("image", c.image);
        attributes.put("name", c.name);
        attributes.putAll(extraAttributes);
        ContainerEventData data = ContainerEventData.of(attributes, c.imageId,
                EventPayloads.strict(extraData, ContainerEventData.Extra.class));
        return CloudEvent.of(SOURCE, EventType.of("container", action), c.id, EventPayloads.data(data));
    }

    /** Records {@code action} for a container in its own transaction (export, commit, cp, detach, resize, attach...). */
    public Uni<Void> record(String id, String action, Map<String, String> attributes) {
        return db.tx(() -> db.locked(id).chain(x -> x == null
                ? Uni.createFrom().voidItem() : append(action, x, attributes, Map.of())));
    }

    /** Records an event about no single container (prune): Actor.ID is empty, as dockerd sends it. */
    public Uni<Void> recordNodeEvent(String action, Map<String, String> attributes) {
        Map<String, Object> data = EventPayloads.data(new ContainerEventData(new LinkedHashMap<>(attributes), null,
                null, null, null, null));
        return db.tx(() -> Outbox.append(Topics.CONTAINER, CloudEvent.of(SOURCE, EventType.of("container", action), "",
                data)));
    }
}
