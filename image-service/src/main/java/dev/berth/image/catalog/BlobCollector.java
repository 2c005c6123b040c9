package dev.berth.image.catalog;

import dev.berth.image.store.BlobStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Logger;

/**
 * Deletes blobs no image needs any more, decided by reachability from the images in the database (configs and
 * layers), never by counters. Pinned blobs (of operations not committed yet) are spared.
 */
@ApplicationScoped
public class BlobCollector {
    private static final Logger LOG = Logger.getLogger(BlobCollector.class.getName());
    private static final int ATTEMPTS = 5;

    private final BlobStore store;
    private final ImageCatalog catalog;
    private final Vertx vertx;

    public BlobCollector(BlobStore store, ImageCatalog catalog, Vertx vertx) {
        this.store = store;
        this.catalog = catalog;
        this.vertx = vertx;
    }

    /** A first sweep at startup: blobs left by imports or loads that failed, stale temporary files. */
    void atStartup(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent startup) {
        io.vertx.core.Context context = io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(
                vertx.getDelegate().getOrCreateContext());
        io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> collect().subscribe().with(done -> { }, failure -> { }));
    }

    /** Runs a collection; call it on the event loop, outside any session. Failures are logged, not raised. */
    public Uni<Void> collect() {
        return attempt(ATTEMPTS)
                .onFailure().recoverWithUni(failure -> {
                    LOG.warning("blob collection failed: " + failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> attempt(int left) {
        return Uni.createFrom().deferred(() -> {
            long generation = store.generation();
            return Panache.withSession(catalog::reachableBlobs)
                    .chain(reachable -> vertx.executeBlocking(
                            Uni.createFrom().item(() -> sweep(reachable, generation))))
                    .chain(done -> done || left <= 1 ? Uni.createFrom().voidItem() : attempt(left - 1));
        });
    }

    private boolean sweep(java.util.Set<String> reachable, long generation) {
        try {
            return store.sweepAll(reachable, generation);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
