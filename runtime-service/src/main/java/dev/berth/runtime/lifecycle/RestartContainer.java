package dev.berth.runtime.lifecycle;

import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** docker restart: {@link StopContainer#stop}, then {@link StartContainer#start}, then the restart event. */
@ApplicationScoped
public class RestartContainer {
    @Inject
    ContainerLookup lookup;
    @Inject
    StopContainer stops;
    @Inject
    StartContainer starts;
    @Inject
    ContainerEvents events;

    public Uni<Void> restart(String ref, Integer timeoutParam, String signalParam) {
        return lookup.findAllowing(ref, Verb.RESTART).chain(c -> stops.stop(c.id, timeoutParam, signalParam)
                .chain(() -> starts.start(c.id))
                .chain(() -> events.record(c.id, "restart", Map.of())));
    }
}
