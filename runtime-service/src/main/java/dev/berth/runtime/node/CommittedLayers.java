package dev.berth.runtime.node;

import dev.berth.common.digest.Sha256Sink;
import dev.berth.common.platform.DaemonThreads;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Layers this node committed lately (a build step's container, taken as a layer for image-service), kept unpacked
 * under their diff id so that the next step's container uses them as they are instead of fetching the blob back
 * from image-service and unpacking it. A copy of the layer tar is taken and hashed ({@code openssl dgst}: this
 * service's JIT stops at C1, where the JDK's SHA-256 is ten times slower) while it is written ({@link Capture}),
 * then unpacked in the background by the same {@link LayerUnpacker} as a fetched layer. Its diff id is the sha256 of
 * those very bytes, so {@link LayerStore} may adopt the directory for an image whose config names that diff id. A
 * layer nobody adopts within {@link #KEEP_MILLIS} is deleted.
 */
public final class CommittedLayers {
    static final long KEEP_MILLIS = TimeUnit.MINUTES.toMillis(2);
    private static final Logger LOG = Logger.getLogger(CommittedLayers.class.getName());

    private final Path dir;
    private final LayerUnpacker unpacker;
    private final Map<String, CompletableFuture<Path>> kept = new ConcurrentHashMap<>();
    private final ScheduledExecutorService unpacking =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("berth-committed-layers"));

    /** {@code dir} must be on the layer store's filesystem (adopting is a rename); what it holds is left over. */
    public CommittedLayers(Path dir, LayerUnpacker unpacker) {
        this.dir = dir;
        this.unpacker = unpacker;
        try {
            if (Files.exists(dir)) {
                LayerUnpacker.deleteTree(dir);
            }
        } catch (IOException e) {
            LOG.warning("cannot empty " + dir + ": " + e.getMessage());
        }
    }

    /** Starts a copy of a layer tar about to be written. */
    public Capture capture() throws IOException {
        Files.createDirectories(dir);
        return new Capture(dir.resolve(UUID.randomUUID() + ".tar"));
    }

    /**
     * The unpacked directory of the layer with this diff id, if this node committed it lately (waiting for its
     * unpack to end); the caller owns the directory from then on. Empty when there is none or its unpack failed.
     */
    public Optional<Path> take(String diffId) {
        CompletableFuture<Path> k = kept.remove(diffId);
        if (k == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(k.get(60, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discardLater(k);
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "committed layer " + diffId + " not kept", e);
            discardLater(k);
            return Optional.empty();
        }
    }

    /** How many layers are kept or being unpacked. */
    public int size() {
        return kept.size();
    }

    /** {@code tar}: the open copy, closed here once unpacked (its file may be gone from the directory by then). */
    private void keep(InputStream tar, String diffId) {
        CompletableFuture<Path> unpacked = CompletableFuture.supplyAsync(() -> unpack(tar, diffId), unpacking);
        CompletableFuture<Path> previous = kept.put(diffId, unpacked);
        if (previous != null) {
            discardLater(previous);
        }
        unpacking.schedule(() -> {
            if (kept.remove(diffId, unpacked)) {
                discardLater(unpacked);
            }
        }, KEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private Path unpack(InputStream tar, String diffId) {
        Path target = dir.resolve(diffId.substring("sha256:".length()) + "-" + UUID.randomUUID());
        try (InputStream in = tar) {
            Files.createDirectory(target);
            unpacker.unpackKnown(in, target);
            return target;
        } catch (IOException | RuntimeException e) {
            delete(target);
            throw new IllegalStateException("cannot keep layer " + diffId + ": " + e.getMessage(), e);
        }
    }

    private void discardLater(CompletableFuture<Path> k) {
        k.thenAcceptAsync(CommittedLayers::delete, unpacking);
    }

    private static void delete(Path path) {
        try {
            if (Files.isDirectory(path)) {
                LayerUnpacker.deleteTree(path);
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.fine("cannot delete " + path + ": " + e.getMessage());
        }
    }

    /**
     * A copy of one layer tar: {@link #tee} the stream the tar is written to; once the tar is complete,
     * {@link #keep()} hands it to be unpacked; {@link #close()} deletes the file (an unpack under way keeps reading
     * it).
     */
    public final class Capture implements Closeable {
        private final Path file;
        private final OutputStream copy;
        private final Sha256Sink sha256 = Sha256Sink.open();

        private Capture(Path file) throws IOException {
            this.file = file;
            this.copy = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        }

        /** {@code out}, with every byte also copied and hashed here. */
        public OutputStream tee(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    copy.write(b, off, len);
                    sha256.write(b, off, len);
                }
            };
        }

        /** The tar is complete: it is unpacked in the background and kept under its diff id, which is returned. */
        public String keep() throws IOException {
            copy.close();
            String diffId = sha256.digest();
            CommittedLayers.this.keep(Files.newInputStream(file), diffId);
            return diffId;
        }

        @Override
        public void close() throws IOException {
            sha256.close();
            copy.close();
            Files.deleteIfExists(file);
        }
    }
}
