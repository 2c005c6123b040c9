package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.service.VerbSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** docker pause and unpause: the cgroup freezer, with the state checked before and again on the locked row. */
@ApplicationScoped
public class PauseContainer {
    @Inject
    VerbSupport support;

    public Uni<Void> pause(String ref) {
        return support.lookup().findAllowing(ref, Verb.PAUSE).chain(c -> {
            return support.db().blocking(() -> {
                support.node().pause(c.id);
                return null;
            }).chain(() -> support.db().tx(() -> support.db().locked(c.id).chain(x -> {
                if (x == null) {
                    throw BerthException.notFound("No such container: " + c.id);
                }
                ContainerState.of(x.state).require(Verb.PAUSE, c.id); // a concurrent pause, an exit meanwhile
                x.state = Container.PAUSED;
                return support.events().append("pause", x, Map.of(), Map.of());
            })));
        });
    }

    public Uni<Void> unpause(String ref) {
        return support.lookup().findAllowing(ref, Verb.UNPAUSE).chain(c -> {
            return support.db().blocking(() -> {
                support.node().unpause(c.id);
                return null;
            }).chain(() -> support.db().tx(() -> support.db().locked(c.id).chain(x -> {
                if (x == null || !ContainerState.of(x.state).canUnpause()) {
                    return Uni.createFrom().voidItem(); // gone or exited meanwhile: nothing is paused any more
                }
                x.state = Container.RUNNING;
                return support.events().append("unpause", x, Map.of(), Map.of());
            })));
        });
    }
}
