package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.service.ContainerNode;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** docker pause and unpause: the cgroup freezer, with the state checked before and again on the locked row. */
@ApplicationScoped
public class PauseContainer {
    @Inject
    ContainerTx db;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerEvents events;
    @Inject
    ContainerNode node;

    public Uni<Void> pause(String ref) {
        return lookup.findAllowing(ref, Verb.PAUSE).chain(c -> {
            return db.blocking(() -> {
                node.pause(c.id);
                return null;
            }).chain(() -> db.tx(() -> db.locked(c.id).chain(x -> {
                if (x == null) {
                    throw BerthException.notFound("No such container: " + c.id);
                }
                ContainerState.of(x.state).require(Verb.PAUSE, c.id); // a concurrent pause, an exit meanwhile
                x.state = Container.PAUSED;
                return events.append("pause", x, Map.of(), Map.of());
            })));
        });
    }

    public Uni<Void> unpause(String ref) {
        return lookup.findAllowing(ref, Verb.UNPAUSE).chain(c -> {
            return db.blocking(() -> {
                node.unpause(c.id);
                return null;
            }).chain(() -> db.tx(() -> db.locked(c.id).chain(x -> {
                if (x == null || !ContainerState.of(x.state).canUnpause()) {
                    return Uni.createFrom().voidItem(); // gone or exited meanwhile: nothing is paused any more
                }
                x.state = Container.RUNNING;
                return events.append("unpause", x, Map.of(), Map.of());
            })));
        });
    }
}
