package dev.berth.runtime.lifecycle;

import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.service.VerbSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** docker restart: {@link StopContainer#stop}, then {@link StartContainer#start}, then the restart event. */
@ApplicationScoped
public class RestartContainer {
    @Inject
    VerbSupport support;
    @Inject
    StopContainer stops;
    @Inject
    StartContainer starts;

    public Uni<Void> restart(String ref, Integer timeoutParam, String signalParam) {
        return support.lookup().findAllowing(ref, Verb.RESTART).chain(c -> stops.stop(c.id, timeoutParam, signalParam)
                .chain(() -> starts.start(c.id))
                .chain(() -> support.events().record(c.id, "restart", Map.of())));
    }
}
