package dev.berth.runtime.lifecycle;

import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** docker restart: {@link StopContainer#stop}, then {@link StartContainer#start}, then the restart event. */
@ApplicationScoped
public class RestartContainer {
    @Inject
    ContainerTx db;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerEvents events;
    @Inject
    StopContainer stops;
    @Inject
    StartContainer starts;

    public Uni<Void> restart(String ref, Integer timeoutParam, String signalParam) {
        return lookup.findAllowing(ref, Verb.RESTART).chain(c -> {
            return stops.stop(c.id, timeoutParam, signalParam)
                    .chain(() -> starts.start(c.id))
                    .chain(() -> db.tx(() -> db.locked(c.id)
                            .chain(x -> events.append("restart", x, Map.of(), Map.of()))));
        });
    }
}
