package dev.berth.network.events;

import dev.berth.common.outbox.Consumption;
import dev.berth.network.service.NetworkService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Gives addresses back when containers stop or go (die, destroy), idempotently. An address (re)allocated after the
 * event happened (the container was started again meanwhile) is kept. A crash of the runtime between allocation and
 * the event leaks nothing: the event is in its outbox and arrives later.
 */
@ApplicationScoped
public class ContainerEventConsumer {

    @Inject
    NetworkService networks;

    @Incoming("container-events")
    public Uni<Void> onEvent(String json) {
        return Consumption.once(json, Set.of("die", "destroy"),
                event -> networks.releaseContainer(event.subject(), event.instant()));
    }
}
