package dev.berth.volume.events;

import dev.berth.common.contract.ContainerEventData;
import dev.berth.common.contract.EventPayloads;
import dev.berth.common.events.CloudEvent;
import dev.berth.volume.domain.Volume;
import dev.berth.volume.service.VolumeEvents;
import dev.berth.volume.service.VolumeService;
import dev.berth.volume.service.VolumeUses;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The effects of container events on volumes, inside the consumer's transaction. The create event's
 * {@code data.volumes} lists {@code {Name, Destination, RW, Propagation}}; the destroy event's
 * {@code data.removeVolumes} says whether anonymous volumes go with the container ({@code rm -v}, {@code --rm}).
 */
@ApplicationScoped
public class VolumeUsage {
    @Inject
    VolumeService volumes;

    Uni<Void> confirm(CloudEvent event) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ContainerEventData.VolumeUse v : EventPayloads.read(event, ContainerEventData.class).volumesOrEmpty()) {
            VolumeUses.Use use = new VolumeUses.Use(v.name(), event.subject(), v.destination(), v.rw(),
                    v.propagation());
            chain = chain.chain(() -> VolumeUses.confirm(use));
        }
        return chain;
    }

    Uni<Void> mounted(String containerId) {
        return VolumeUses.ofContainer(containerId).chain(uses -> each(uses, u -> driverOf(u.volume()).chain(d -> d == null
                ? Uni.createFrom().voidItem()
                : VolumeEvents.mounted(u.volume(), d, containerId, u.destination(), u.rw(), u.propagation()))));
    }

    Uni<Void> unmounted(String containerId) {
        return VolumeUses.ofContainer(containerId).chain(uses -> each(uses, u -> driverOf(u.volume()).chain(d -> d == null
                ? Uni.createFrom().voidItem()
                : VolumeEvents.unmounted(u.volume(), d, containerId))));
    }

    Uni<Void> destroyed(CloudEvent event) {
        boolean removeVolumes = EventPayloads.read(event, ContainerEventData.class).removesVolumes();
        return VolumeUses.ofContainer(event.subject())
                .call(() -> VolumeUses.releaseContainer(event.subject()))
                .chain(uses -> removeVolumes
                        ? volumes.removeAnonymousUnused(uses.stream().map(VolumeUses.Use::volume).toList())
                        : Uni.createFrom().voidItem());
    }

    private static Uni<String> driverOf(String name) {
        return Volume.<Volume>findById(name).map(v -> v == null ? null : v.driver);
    }

    private static Uni<Void> each(List<VolumeUses.Use> uses, java.util.function.Function<VolumeUses.Use, Uni<Void>> f) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (VolumeUses.Use u : uses) {
            chain = chain.chain(() -> f.apply(u));
        }
        return chain;
    }
}
