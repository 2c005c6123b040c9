package dev.berth.build.context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The content digests COPY keys its files by ({@code sha256:<hex>}). For the files of an unpacked context, those of
 * {@value #REMEMBERED_FROM} bytes or more are remembered by their path in the context, in a table that lives as long
 * as the context's content address stays the same ({@link FileDigestCache}): a build of the same context again (a
 * warm build) hashes nothing. Files elsewhere (ADD archives, {@code --from} copies) are hashed every time.
 */
public final class FileDigests {
    static final long REMEMBERED_FROM = 64 * 1024;

    private final Path root;
    private final Map<String, String> known;

    FileDigests(Path root, Map<String, String> known) {
        this.root = root;
        this.known = known;
    }

    /** Hashes every time: for a context with no content address. */
    public static FileDigests uncached() {
        return new FileDigests(null, new ConcurrentHashMap<>());
    }

    /** The digest of a regular file, given by its real path. */
    public String of(Path file) throws IOException {
        if (root == null || !file.startsWith(root) || Files.size(file) < REMEMBERED_FROM) {
            return hash(file);
        }
        String path = root.relativize(file).toString();
        String digest = known.get(path);
        if (digest == null) {
            digest = hash(file);
            known.put(path, digest);
        }
        return digest;
    }

    static String hash(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
