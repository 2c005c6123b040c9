package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.mounts.ContainerMounts;
import dev.berth.runtime.service.ContainerNode;
import dev.berth.runtime.service.Contexts;
import dev.berth.runtime.service.Waiters;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** docker rm (and --rm's auto-removal): the row marked removing, the node's files gone, the destroy event, volumes. */
@ApplicationScoped
public class RemoveContainer {
    @Inject
    ContainerTx db;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerEvents events;
    @Inject
    InFlight inFlight;
    @Inject
    ContainerNode node;
    @Inject
    ContainerMounts mounts;
    @Inject
    Waiters waiters;
    @Inject
    LifecycleEvents lifecycle;
    @Inject
    StopContainer stops;

    public Uni<Void> remove(String ref, boolean force) {
        return remove(ref, force, false);
    }

    /** {@code removeVolumes} ({@code rm -v}): the container's anonymous volumes go with it. */
    public Uni<Void> remove(String ref, boolean force, boolean removeVolumes) {
        return lookup.find(ref).chain(c -> {
            ContainerState state = inFlight.isStarting(c.id) ? ContainerState.RUNNING : ContainerState.of(c.state);
            if (state.isRunning()) {
                Optional<BerthException> refused = state.refuse(force ? Verb.FORCE_REMOVE : Verb.REMOVE, c.id);
                if (refused.isPresent()) {
                    return Uni.createFrom().failure(refused.get());
                }
                return stops.stopRunning(c.id, 9, 30).invoke(() -> {
                    if (removeVolumes) {
                        inFlight.removeVolumesWith(c.id);
                    }
                }).chain(() -> removeNow(c.id));
            }
            if (removeVolumes) {
                inFlight.removeVolumesWith(c.id);
            }
            return removeNow(c.id);
        });
    }

    /** Removes a container that does not run; a second remover waits for the first. */
    Uni<Void> removeNow(String id) {
        if (!inFlight.beginRemove(id)) {
            // someone else (auto-remove) is at it: done when they are
            return Contexts.await(waiters.removal(id), Duration.ofSeconds(60), -1).replaceWithVoid();
        }
        return db.tx(() -> db.locked(id).invoke(c -> {
            if (c != null) {
                c.state = Container.REMOVING;
            }
        })).chain(c -> {
            if (c == null) {
                return Uni.createFrom().voidItem();
            }
            lifecycle.publish(new LifecycleEvent.Removing(id));
            int code = c.exitCode;
            boolean removeVolumes = inFlight.removesVolumes(id);
            boolean hasVolumes = ContainerMounts.hasVolumes(c.mounts);
            return db.blocking(() -> {
                node.removeAll(id);
                return null;
            }).chain(() -> db.tx(() -> db.locked(id).chain(x -> x == null
                    ? Uni.createFrom().voidItem()
                    : events.append("destroy", x, Map.of(), Map.of("removeVolumes", removeVolumes))
                            .chain(() -> db.deleteRow(id)))))
              .call(() -> hasVolumes ? db.blocking(() -> {
                  mounts.releaseQuietly(id, removeVolumes);
                  return null;
              }) : Uni.createFrom().nullItem())
              .invoke(() -> {
                  lifecycle.publish(new LifecycleEvent.Removed(id));
                  waiters.removed(id, code);
              });
        }).onTermination().invoke(() -> inFlight.endRemove(id));
    }
}
