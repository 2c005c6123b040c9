package dev.berth.runtime.service;

import dev.berth.common.errors.BerthException;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Helpers to keep Hibernate Reactive on its Vert.x context. */
public final class Contexts {
    private Contexts() {
    }

    /** Waits for a future and continues on the caller's Vert.x context (Hibernate Reactive needs that). */
    public static <T> Uni<T> await(CompletableFuture<T> future, Duration timeout, T onTimeout) {
        Context ctx = io.vertx.core.Vertx.currentContext(); // captured when built, see ContainerTx#blocking
        Uni<T> u = Uni.createFrom().completionStage(future);
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            // docker stop -t 0: no grace period (Mutiny refuses a zero timeout)
            u = Uni.createFrom().item(() -> future.isDone() && !future.isCompletedExceptionally() ? future.join() : onTimeout);
        } else if (timeout != null) {
            u = u.ifNoItem().after(timeout).recoverWithItem(onTimeout);
        }
        return ctx == null ? u : u.emitOn(cmd -> ctx.runOnContext(x -> cmd.run()));
    }

    /** Runs a Uni on a safe duplicated context of {@code base} (for plain Vert.x route handlers). */
    public static <T> Uni<T> onSafeContext(io.vertx.core.Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context current = io.vertx.core.Vertx.currentContext();
            Context dup = current != null ? VertxContext.createNewDuplicatedContext(current)
                    : VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(dup, true);
            dup.runOnContext(v -> work.get().subscribe().with(emitter::complete, emitter::fail));
        });
    }

    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t.getClass() == RuntimeException.class) && t.getCause() != null
                && !(t instanceof BerthException)) {
            t = t.getCause();
        }
        return t;
    }
}
