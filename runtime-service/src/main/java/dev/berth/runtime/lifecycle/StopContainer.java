package dev.berth.runtime.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerJson;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.node.Signals;
import dev.berth.runtime.service.Contexts;
import dev.berth.runtime.service.VerbSupport;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.StopSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** docker stop and kill: signals, waiting for the exit that {@link RecordExit} records. */
@ApplicationScoped
public class StopContainer {
    /** How long kill waits for the exit of a SIGKILLed container before it answers anyway. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    @Inject
    VerbSupport support;
    @Inject
    InFlight inFlight;
    @Inject
    LifecycleEvents lifecycle;

    /** False (304) when the container does not run. */
    public Uni<Boolean> stop(String ref, Integer timeoutParam, String signalParam) {
        return support.lookup().find(ref).chain(c -> {
            if (!ContainerState.of(c.state).canStop()) {
                return Uni.createFrom().item(false);
            }
            StopSpec configured = ContainerSpecParser.stored(ContainerJson.readTree(c.config), null).stop();
            String sig = signalParam != null && !signalParam.isEmpty() ? signalParam : configured.signal();
            int signal = Signals.parse(sig.isEmpty() ? "SIGTERM" : sig);
            int timeout = timeoutParam != null ? timeoutParam
                    : configured.timeout() != null ? configured.timeout() : 10;
            return stopRunning(c.id, signal, timeout).chain(() -> support.db().tx(
                    () -> support.db().locked(c.id).chain(x -> x == null ? Uni.createFrom().voidItem()
                            : support.events().append("stop", x, Map.of(), Map.of()))))
                    .replaceWith(true);
        });
    }

    public Uni<Void> kill(String ref, String signalParam) {
        int signal = Signals.parse(signalParam == null || signalParam.isEmpty() ? "SIGKILL" : signalParam);
        return support.lookup().findAllowing(ref, Verb.KILL).chain(c -> {
            return stopRestarting(c.id).chain(was -> was ? Uni.createFrom().voidItem()
                    : signal == 9 ? killAndWait(c.id) : sendSignal(c.id, signal));
        });
    }

    /** signal, wait up to timeout for the exit, then SIGKILL and wait again. timeout < 0 waits forever. */
    Uni<Void> stopRunning(String id, int signal, int timeoutSeconds) {
        return stopRestarting(id).chain(wasRestarting -> wasRestarting ? Uni.createFrom().voidItem()
                : signalAndWait(id, signal, timeoutSeconds));
    }

    /**
     * dockerd's Kill: SIGKILL, then wait until the container is no longer running (its exit recorded, its rootfs
     * and network released), so that a start right after the kill finds it stopped and does not race the cleanup.
     */
    private Uni<Void> killAndWait(String id) {
        CompletableFuture<Integer> exit = support.waiters().nextExit(id);
        return sendSignal(id, 9).chain(() -> Contexts.await(exit, KILL_WAIT, -1)).replaceWithVoid();
    }

    /** A container waiting for its policy restart is simply stopped (no signal: nothing runs). */
    private Uni<Boolean> stopRestarting(String id) {
        return support.db().tx(() -> support.db().locked(id).map(x -> {
            if (x == null || ContainerState.of(x.state) != ContainerState.RESTARTING || inFlight.isStarting(id)) {
                return false;
            }
            x.state = Container.EXITED;
            x.manuallyStopped = true;
            return true;
        })).invoke(was -> {
            if (was) {
                lifecycle.publish(new LifecycleEvent.RestartCancelled(id));
                support.waiters().exited(id, 0);
            }
        });
    }

    private Uni<Void> signalAndWait(String id, int signal, int timeoutSeconds) {
        CompletableFuture<Integer> exit = support.waiters().nextExit(id);
        return sendSignal(id, signal)
                .chain(() -> Contexts.await(exit, timeoutSeconds < 0 ? null : Duration.ofSeconds(timeoutSeconds), null))
                .chain(code -> {
                    if (code != null) {
                        return Uni.createFrom().voidItem();
                    }
                    CompletableFuture<Integer> again = support.waiters().nextExit(id);
                    return sendSignal(id, 9).chain(() -> Contexts.await(again, KILL_WAIT, -1))
                            .replaceWithVoid();
                });
    }

    private Uni<Void> sendSignal(String id, int signal) {
        return support.db().tx(() -> support.db().locked(id).chain(x -> {
            if (x == null || !ContainerState.of(x.state).canKill()) {
                return Uni.createFrom().voidItem();
            }
            x.manuallyStopped = true; // Docker's HasBeenManuallyStopped: no restart policy applies now
            return support.events().append("kill", x, Map.of("signal", Integer.toString(signal)), Map.of());
        })).chain(() -> support.db().blocking(() -> {
            support.node().kill(id, signal);
            if (signal == 9) {
                support.node().thawQuietly(id);
            }
            return null;
        })).replaceWithVoid();
    }
}
