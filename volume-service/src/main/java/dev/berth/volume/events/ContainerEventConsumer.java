package dev.berth.volume.events;

import dev.berth.common.events.CloudEvent;
import dev.berth.common.outbox.Consumption;
import dev.berth.volume.service.VolumeService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns from container events which containers use which volume (create confirms, destroy releases), and tells
 * when a volume is mounted (start) and unmounted (die).
 */
@ApplicationScoped
public class ContainerEventConsumer {
    @Inject
    VolumeService volumes;
    @Inject
    VolumeUsage usage;

    @Incoming("container-events")
    public Uni<Void> onEvent(String json) {
        return Consumption.once(json, Set.of("create", "start", "die", "destroy"), this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        return switch (event.action()) {
            case "create" -> usage.confirm(event);
            case "start" -> usage.mounted(event.subject());
            case "die" -> usage.unmounted(event.subject());
            case "destroy" -> usage.destroyed(event);
            default -> Uni.createFrom().voidItem();
        };
    }
}
