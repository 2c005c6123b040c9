package dev.berth.build.context;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's remembered file digests of the {@value #CONTEXTS} contexts it built last, keyed by the context's
 * content address (the digest of its tar): a context unpacked from the same bytes has the same files at the same
 * paths. Only large files are remembered ({@link FileDigests}), so a table stays small.
 */
@ApplicationScoped
public class FileDigestCache {
    static final int CONTEXTS = 16;

    private final Map<String, Map<String, String>> contexts = new LinkedHashMap<>(CONTEXTS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > CONTEXTS;
        }
    };

    /** The digests of the files of {@code root}, a context unpacked from the tar of {@code contextDigest}. */
    public FileDigests of(String contextDigest, Path root) throws IOException {
        return new FileDigests(root.toRealPath(), known(contextDigest), null);
    }

    /** The same for a context unpacked with placeholders, from {@link #known} completed by the unpacking. */
    public FileDigests of(String contextDigest, Path root, LazyContext context) throws IOException {
        return new FileDigests(root.toRealPath(), known(contextDigest), context);
    }

    /** The large files' digests remembered for a context content address, by path in the context. */
    public Map<String, String> known(String contextDigest) {
        synchronized (contexts) {
            return contexts.computeIfAbsent(contextDigest, digest -> new ConcurrentHashMap<>());
        }
    }
}
