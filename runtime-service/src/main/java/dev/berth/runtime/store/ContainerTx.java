package dev.berth.runtime.store;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The one place for the rules of database, transaction and Vert.x context that every lifecycle step follows.
 * Every method returns a Uni to be subscribed on a Vert.x (duplicated, safe) context: database work goes through
 * Hibernate Reactive on that context, node work (processes, files) through {@link #blocking}, i.e.
 * {@code executeBlocking}, which comes back to the same context.
 */
@ApplicationScoped
public class ContainerTx {
    @Inject
    Vertx vertx;

    /**
     * Node work on a worker thread. Like {@link #tx} and {@link #session}, it captures the caller's Vert.x context
     * when the Uni is built and both subscribes and emits on it, so every step of an operation runs on the request's
     * own (duplicated) context and event-loop thread: Hibernate Reactive refuses (HR000069) or, worse, mixes up
     * sessions when a continuation lands on another event loop.
     */
    public <T> Uni<T> blocking(Callable<T> work) {
        Context ctx = io.vertx.core.Vertx.currentContext();
        Callable<T> wrapped = () -> call(work);
        if (ctx == null) {
            return vertx.executeBlocking(Uni.createFrom().item(() -> {
                try {
                    return wrapped.call();
                } catch (Exception e) {
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
            }), false);
        }
        Uni<T> u = Uni.createFrom().emitter(em -> ctx.executeBlocking(wrapped, false).onComplete(ar -> {
            if (ar.succeeded()) {
                em.complete(ar.result());
            } else {
                em.fail(ar.cause());
            }
        }));
        return pin(ctx, u);
    }

    /** Runs node work; a checked exception becomes an internal error (500 with its message). */
    public static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw BerthException.internal(e.getMessage(), e);
        }
    }

    /**
     * One transaction on the caller's context. DB steps of different requests run concurrently, each on its own
     * (duplicated) context with its own session; a step must not start another step from inside its work.
     */
    public <T> Uni<T> tx(Supplier<Uni<T>> work) {
        Context ctx = io.vertx.core.Vertx.currentContext();
        return pin(ctx, Uni.createFrom().deferred(() -> Panache.withTransaction(work)));
    }

    public <T> Uni<T> session(Supplier<Uni<T>> work) {
        Context ctx = io.vertx.core.Vertx.currentContext();
        return pin(ctx, Uni.createFrom().deferred(() -> Panache.withSession(work)));
    }

    /**
     * A container's row for a read-modify-write transaction, locked ({@code select … for update}) until the commit.
     * DB steps run concurrently, so two transactions on the same container (an exit and a kill, an OOM report and
     * the exit) would otherwise both read the old row and the later commit would undo the other's change or repeat
     * its event; the lock makes the second wait and read the first one's result. Each transaction locks one row.
     */
    public Uni<Container> locked(String id) {
        return Container.findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Inserts a new container's row, in the caller's transaction. */
    public Uni<Void> insertRow(Container c) {
        return c.persist().replaceWithVoid();
    }

    /**
     * Deletes a container's row with a query, never with {@code session.remove(entity)}: Hibernate Reactive 3.1 keeps
     * the pending entity delete in a field of the entity type's one {@code ReactiveDeleteCoordinator}, shared by all
     * sessions (hibernate-reactive#1713), so two sessions flushing a removed Container at once overwrite each other's
     * future and one flush never completes: its DELETE has run, its COMMIT is never sent, the PostgreSQL session stays
     * "idle in transaction" and the request hangs. A mutation query does not go through that coordinator.
     */
    public Uni<Void> deleteRow(String id) {
        return Container.delete("id", id).replaceWithVoid();
    }

    /** Subscribes and emits {@code uni} on {@code ctx} (no-op without a context). */
    public static <T> Uni<T> pin(Context ctx, Uni<T> uni) {
        if (ctx == null) {
            return uni;
        }
        Executor onCtx = r -> {
            if (io.vertx.core.Vertx.currentContext() == ctx) {
                r.run();
            } else {
                ctx.runOnContext(v -> r.run());
            }
        };
        return uni.runSubscriptionOn(onCtx).emitOn(onCtx);
    }
}
