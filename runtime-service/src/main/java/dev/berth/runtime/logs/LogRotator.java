package dev.berth.runtime.logs;

import dev.berth.runtime.node.NodePaths;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rotates container logs by size and count: once a second, every {@code ctr.log} at or above its container's
 * max-size is copied to {@code ctr.log.1} and truncated (older ones shift up to {@code ctr.log.<max-file - 1>}, the
 * oldest is deleted); readers follow across the rotation ({@link RotatedLog}).
 */
@ApplicationScoped
public class LogRotator {
    private static final Logger LOG = Logger.getLogger(LogRotator.class.getName());
    static final long INTERVAL_MS = 1000;

    @Inject
    NodePaths paths;
    @Inject
    Vertx vertx;

    private final AtomicBoolean busy = new AtomicBoolean();
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(INTERVAL_MS, t -> {
            if (!busy.compareAndSet(false, true)) {
                return;
            }
            vertx.executeBlocking(() -> {
                scan();
                return null;
            }, false).onComplete(ar -> busy.set(false));
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void scan() {
        Path containers = paths.containers();
        if (!Files.isDirectory(containers)) {
            return;
        }
        try (DirectoryStream<Path> bundles = Files.newDirectoryStream(containers)) {
            for (Path bundle : bundles) {
                try {
                    rotateIfNeeded(bundle);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.FINE, "log rotation of " + bundle + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "log rotation scan: " + e.getMessage());
        }
    }

    /** @return whether it rotated */
    public static boolean rotateIfNeeded(Path bundle) throws IOException {
        LogOptions options = LogOptions.readFrom(bundle);
        if (options == null || options.maxSize() < 0) {
            return false;
        }
        Path log = bundle.resolve("ctr.log");
        long size;
        try {
            size = Files.size(log);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (size < options.maxSize()) {
            return false;
        }
        RotatedLog.LOCK.writeLock().lock();
        try {
            rotate(bundle, options.maxFile());
        } finally {
            RotatedLog.LOCK.writeLock().unlock();
        }
        return true;
    }

    /**
     * Copy and truncate (conmon 2.1.6 cannot be told to reopen its log; it writes with O_APPEND, so after the
     * truncation its next line lands at the start): older files shift up, {@code ctr.log} is copied to
     * {@code ctr.log.1} (again while it grew meanwhile), then truncated. Readers hold the read side of
     * {@link RotatedLog#LOCK}, so they see the rotation as one step.
     */
    static void rotate(Path bundle, int maxFile) throws IOException {
        Path log = bundle.resolve("ctr.log");
        if (maxFile > 1) {
            Files.deleteIfExists(bundle.resolve("ctr.log." + (maxFile - 1)));
            for (int i = maxFile - 2; i >= 1; i--) {
                Path from = bundle.resolve("ctr.log." + i);
                if (Files.exists(from)) {
                    Files.move(from, bundle.resolve("ctr.log." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path tmp = bundle.resolve("ctr.log.rotating");
            try (FileChannel in = FileChannel.open(log, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                long copied = 0;
                for (int round = 0; round < 10; round++) {
                    long size = in.size();
                    if (size <= copied) {
                        break;
                    }
                    copied += in.transferTo(copied, size - copied, out);
                }
                try (FileChannel truncate = FileChannel.open(log, StandardOpenOption.WRITE)) {
                    // what conmon wrote after the last copy round is still in the copy's reach: one last round
                    long size = in.size();
                    if (size > copied) {
                        copied += in.transferTo(copied, size - copied, out);
                    }
                    truncate.truncate(0);
                }
            }
            Files.move(tmp, bundle.resolve("ctr.log.1"), StandardCopyOption.REPLACE_EXISTING);
        } else {
            try (FileChannel truncate = FileChannel.open(log, StandardOpenOption.WRITE)) {
                truncate.truncate(0);
            }
        }
    }
}
