package dev.berth.image.store;

import dev.berth.common.errors.BerthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.nio.file.DirectoryStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Content-addressed blobs under {@code ${BERTH_DATA}/image/blobs/sha256/<hex>}. A blob is written to a temporary file
 * in the same directory while it is hashed, then moved into place atomically; an existing blob is never rewritten.
 * All methods block: call them from a worker thread.
 *
 * <p>Blobs written for an operation that has not committed its database rows yet are <em>pinned</em> so a concurrent
 * garbage collection does not remove them; {@link #sweep} only deletes a blob that is neither pinned nor reachable
 * and retries when a pin was released since the caller computed reachability.
 */
@ApplicationScoped
public class BlobStore {
    private static final Logger LOG = Logger.getLogger(BlobStore.class.getName());

    private static final Pattern HEX64 = Pattern.compile("^[a-f0-9]{64}$");

    private final Path dir;
    private final Map<String, Integer> pins = new HashMap<>();
    private final AtomicLong releases = new AtomicLong();

    @Inject
    public BlobStore(@ConfigProperty(name = "berth.data", defaultValue = "/var/lib/berth") String dataDir) {
        this(Path.of(dataDir, "image", "blobs", "sha256"));
    }

    public BlobStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create blob directory " + dir, e);
        }
    }

    public Path directory() {
        return dir;
    }

    /** Streams a layer (tar or tar+gzip) into the store; the result is pinned until {@link #unpin}. */
    public StoredBlob putLayer(InputStream in) throws IOException {
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
        try {
            StoredBlob blob;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                blob = LayerHashing.copy(in, out);
            }
            commit(tmp, blob.digest());
            return blob;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Streams a blob whose digest is known in advance (a registry blob) into the store; when the bytes do not hash
     * to {@code expected} nothing is stored and the call fails. The result is pinned until {@link #unpin}.
     */
    public StoredBlob putExpected(InputStream in, String expected) throws IOException {
        Digests.requireValid(expected);
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
        try {
            StoredBlob blob;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                blob = LayerHashing.copy(in, out);
            }
            if (!blob.digest().equals(expected)) {
                throw new DigestMismatchException(expected, blob.digest());
            }
            commit(tmp, blob.digest());
            return blob;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Stores small bytes already in memory (a config); pinned until {@link #unpin}. */
    public String putBytes(byte[] bytes) throws IOException {
        String digest = Digests.of(bytes);
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.write(tmp, bytes);
            commit(tmp, digest);
            return digest;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void commit(Path tmp, String digest) throws IOException {
        Path target = pathOf(digest);
        synchronized (this) {
            pins.merge(digest, 1, Integer::sum);
            if (Files.exists(target)) {
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                return;
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                if (!Files.exists(target)) {
                    throw e;
                }
            }
        }
    }

    /** Pins blobs that already exist (an operation refers to them and has not committed yet). */
    public synchronized void pin(Collection<String> digests) {
        digests.forEach(d -> pins.merge(d, 1, Integer::sum));
    }

    /** Releases pins taken by puts or {@link #pin}; call after the referring rows committed (or failed). */
    public synchronized void unpin(Collection<String> digests) {
        for (String d : digests) {
            pins.computeIfPresent(d, (k, n) -> n <= 1 ? null : n - 1);
        }
        releases.incrementAndGet();
    }

    /** A generation to pass to {@link #sweep}: read it before computing the reachable set. */
    public long generation() {
        return releases.get();
    }

    /**
     * Deletes the candidate blobs that are not in {@code reachable} and not pinned. Returns false (deleting nothing)
     * when pins were released since {@code generation}: the caller must recompute reachability and call again.
     */
    public synchronized boolean sweep(Collection<String> candidates, Set<String> reachable, long generation) {
        if (releases.get() != generation) {
            return false;
        }
        for (String digest : candidates) {
            if (!Digests.isValid(digest) || reachable.contains(digest) || pins.containsKey(digest)) {
                continue;
            }
            try {
                Files.deleteIfExists(pathOf(digest));
            } catch (IOException e) {
                LOG.warning("cannot delete blob " + digest + ": " + e.getMessage());
            }
        }
        return true;
    }

    /** {@link #sweep} over every blob in the store; also removes temporary files older than an hour. */
    public boolean sweepAll(Set<String> reachable, long generation) throws IOException {
        List<String> all = new ArrayList<>();
        Instant staleBefore = Instant.now().minusSeconds(3600);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (HEX64.matcher(name).matches()) {
                    all.add(Digests.PREFIX + name);
                } else if (name.startsWith(".tmp-")
                        && Files.getLastModifiedTime(file).toInstant().isBefore(staleBefore)) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return sweep(all, reachable, generation);
    }

    public boolean exists(String digest) {
        return Files.isRegularFile(pathOf(digest));
    }

    public long size(String digest) throws IOException {
        try {
            return Files.size(pathOf(digest));
        } catch (NoSuchFileException e) {
            throw blobUnknown(digest);
        }
    }

    public InputStream open(String digest) throws IOException {
        try {
            return Files.newInputStream(pathOf(digest));
        } catch (NoSuchFileException e) {
            throw blobUnknown(digest);
        }
    }

    public byte[] read(String digest) throws IOException {
        try {
            return Files.readAllBytes(pathOf(digest));
        } catch (NoSuchFileException e) {
            throw blobUnknown(digest);
        }
    }

    /** The path of a blob; the digest is validated first, so no path is built from anything else. */
    public Path pathOf(String digest) {
        return dir.resolve(Digests.hex(digest));
    }

    public static BerthException blobUnknown(String digest) {
        return BerthException.notFound("blob unknown: " + digest);
    }
}
