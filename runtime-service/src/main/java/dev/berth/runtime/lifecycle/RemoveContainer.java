package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.mounts.ContainerMounts;
import dev.berth.runtime.service.Contexts;
import dev.berth.runtime.service.VerbSupport;
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
    VerbSupport support;
    @Inject
    InFlight inFlight;
    @Inject
    ContainerMounts mounts;
    @Inject
    LifecycleEvents lifecycle;
    @Inject
    StopContainer stops;

    public Uni<Void> remove(String ref, boolean force) {
        return remove(ref, force, false);
    }

    /** {@code removeVolumes} ({@code rm -v}): the container's anonymous volumes go with it. */
    public Uni<Void> remove(String ref, boolean force, boolean removeVolumes) {
        return support.lookup().find(ref).chain(c -> {
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
            return Contexts.await(support.waiters().removal(id), Duration.ofSeconds(60), -1).replaceWithVoid();
        }
        return support.db().tx(() -> support.db().locked(id).invoke(c -> {
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
            return support.db().blocking(() -> {
                support.node().removeAll(id);
                return null;
            }).chain(() -> support.db().tx(() -> support.db().locked(id).chain(x -> x == null
                    ? Uni.createFrom().voidItem()
                    : support.events().append("destroy", x, Map.of(), Map.of("removeVolumes", removeVolumes))
                            .chain(() -> support.db().deleteRow(id)))))
              .call(() -> hasVolumes ? support.db().blocking(() -> {
                  mounts.releaseQuietly(id, removeVolumes);
                  return null;
              }) : Uni.createFrom().nullItem())
              .invoke(() -> {
                  lifecycle.publish(new LifecycleEvent.Removed(id));
                  support.waiters().removed(id, code);
              });
        }).onTermination().invoke(() -> inFlight.endRemove(id));
    }
}
