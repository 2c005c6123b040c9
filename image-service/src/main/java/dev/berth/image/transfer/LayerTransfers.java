package dev.berth.image.transfer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that move layers to and from registries, shared by every pull and push of this service: at most
 * {@value #PARALLEL} layer downloads and {@value #PARALLEL} uploads at a time in all (as dockerd's
 * max-concurrent-downloads), instead of a pool per request. A request submits through its own {@link Batch}, which
 * cancels what it still has queued or running when the request ends.
 */
@ApplicationScoped
public class LayerTransfers {
    public static final int PARALLEL = 3;

    private final ExecutorService downloads = pool("berth-pull-");
    private final ExecutorService uploads = pool("berth-push-");

    public Batch downloads() {
        return new Batch(downloads);
    }

    public Batch uploads() {
        return new Batch(uploads);
    }

    @PreDestroy
    void stop() {
        downloads.shutdownNow();
        uploads.shutdownNow();
    }

    private static ExecutorService pool(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(PARALLEL, r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One request's transfers. */
    public static final class Batch implements AutoCloseable {
        private final ExecutorService pool;
        private final List<Future<?>> submitted = new ArrayList<>();

        Batch(ExecutorService pool) {
            this.pool = pool;
        }

        public synchronized <T> Future<T> submit(Callable<T> transfer) {
            Future<T> f = pool.submit(transfer);
            submitted.add(f);
            return f;
        }

        public synchronized Future<?> submit(Runnable transfer) {
            Future<?> f = pool.submit(transfer);
            submitted.add(f);
            return f;
        }

        /** Cancels (interrupting) what has not finished: the request failed or was abandoned. */
        @Override
        public synchronized void close() {
            for (Future<?> f : submitted) {
                f.cancel(true);
            }
        }
    }
}
