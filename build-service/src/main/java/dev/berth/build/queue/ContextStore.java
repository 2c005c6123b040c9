package dev.berth.build.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Build contexts stored content-addressed: {@code <data>/build/contexts/sha256-<hex>.tar}, the tar exactly as the
 * client sent it. The API side stores it, the worker that runs the job reads it, and the worker that ends the job
 * deletes it when no other open job uses the same content. A worker on another machine needs this directory
 * reachable at the same path (shared storage; README "Build workers").
 */
public final class ContextStore {
    private final Path root;

    public ContextStore(Path dataDir) {
        this.root = dataDir.resolve("build").resolve("contexts");
    }

    /** Moves a spooled upload into the store under its digest ({@code sha256:<hex>} of its bytes, as scanned). */
    public String store(Path spool, String digest) throws IOException {
        Files.createDirectories(root);
        Path target = path(digest);
        if (Files.exists(target)) {
            Files.delete(spool);
        } else {
            Files.move(spool, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return digest;
    }

    public Path path(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a context digest: " + digest);
        }
        return root.resolve("sha256-" + digest.substring(7) + ".tar");
    }

    public void delete(String digest) throws IOException {
        Files.deleteIfExists(path(digest));
    }
}
