package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.service.VerbSupport;
import dev.berth.runtime.service.Waiters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** docker wait: the exit code of the next exit, or of the removal, or now when the container does not run. */
@ApplicationScoped
public class WaitContainer {
    private static final Set<String> CONDITIONS = Set.of("not-running", "next-exit", "removed");

    @Inject
    VerbSupport support;
    @Inject
    InFlight inFlight;

    /** Registers the wait and returns a future of the exit code (404 now if the container does not exist). */
    public Uni<CompletableFuture<Integer>> waitFor(String ref, String condition) {
        String cond = condition == null || condition.isEmpty() ? "not-running" : condition;
        if (!CONDITIONS.contains(cond)) {
            return Uni.createFrom().failure(BerthException.invalid("invalid condition: \"" + cond + "\""));
        }
        return support.lookup().find(ref).chain(c -> {
            Waiters waiters = support.waiters();
            CompletableFuture<Integer> f = cond.equals("removed") ? waiters.removal(c.id) : waiters.nextExit(c.id);
            if (cond.equals("next-exit")) {
                return Uni.createFrom().item(f);
            }
            // re-read after registering: the container may have exited (or gone) in between
            return support.lookup().byId(c.id).map(now -> {
                if (now == null) {
                    f.complete(c.exitCode);
                } else if (cond.equals("not-running") && !ContainerState.of(now.state).isRunning()
                        && !inFlight.isStarting(now.id)) {
                    support.waiters().forget(now.id, f);
                    f.complete(now.exitCode);
                }
                return f;
            });
        });
    }
}
