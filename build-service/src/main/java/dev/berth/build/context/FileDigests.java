package dev.berth.build.context;

import dev.berth.common.digest.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The content digests COPY keys its files by ({@code sha256:<hex>}). For the files of an unpacked context, those of
 * {@value #REMEMBERED_FROM} bytes or more are remembered by their path in the context, in a table that lives as long
 * as the context's content address stays the same ({@link FileDigestCache}): a build of the same context again (a
 * warm build) hashes nothing, and the worker need not even write them ({@link LazyContext}). Files elsewhere (ADD archives, {@code --from} copies) are hashed every time.
 */
public final class FileDigests {
    static final long REMEMBERED_FROM = 64 * 1024;

    private final Path root;
    private final Map<String, String> known;
    private final LazyContext lazy;

    FileDigests(Path root, Map<String, String> known, LazyContext lazy) {
        this.root = root;
        this.known = known;
        this.lazy = lazy;
    }

    /** Hashes every time: for a context with no content address. */
    public static FileDigests uncached() {
        return new FileDigests(null, new ConcurrentHashMap<>(), null);
    }

    /**
     * Before the bytes of context files are read (real paths): when the context was unpacked with placeholders
     * ({@link LazyContext}) and one of them may be among the files, the placeholders are written now.
     */
    public void fill(java.util.Collection<Path> files) throws IOException {
        if (lazy != null) {
            lazy.fill(files);
        }
    }

    /** Before a step reads the context in ways not known in advance (a bind mount of it): every file written. */
    public void fillAll() throws IOException {
        if (lazy != null) {
            lazy.fillAll();
        }
    }

    /** The digest of a regular file, given by its real path. */
    public String of(Path file) throws IOException {
        if (root == null || !file.startsWith(root) || Files.size(file) < REMEMBERED_FROM) {
            return hash(file);
        }
        String path = root.relativize(file).toString();
        String digest = known.get(path);
        if (digest == null) {
            fill(java.util.List.of(file));
            digest = hash(file);
            known.put(path, digest);
        }
        return digest;
    }

    /** Large files by the system's tool ({@link Sha256}), small ones here. */
    static String hash(Path file) throws IOException {
        return Files.size(file) >= REMEMBERED_FROM ? Sha256.of(file) : Sha256.jdk(file);
    }

    static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}
