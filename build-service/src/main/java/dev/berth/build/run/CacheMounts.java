package dev.berth.build.run;

import dev.berth.build.step.RunMount;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * {@code RUN --mount=type=cache} directories on this machine: one per cache id ({@code <root>/<sha256(id)>}),
 * kept across builds and shared by every build that names the id. A new directory gets the mount's mode, uid and
 * gid (BuildKit's defaults 0755, 0, 0). Sharing as BuildKit: {@code shared} lets any number of steps use it at
 * once, {@code locked} waits until no other step holds it, {@code private} takes another instance of the cache
 * while the first is held. Holding is a lock file, so build workers in other processes on the machine respect it.
 */
public final class CacheMounts {
    private static final ConcurrentHashMap<Path, Semaphore> HELD_HERE = new ConcurrentHashMap<>();
    private final Path root;

    public CacheMounts(Path root) {
        this.root = root;
    }

    /** One step's use of a cache directory; closing it lets the next {@code locked}/{@code private} user in. */
    record Use(Path directory, AutoCloseable release) {
    }

    Use acquire(RunMount mount) throws IOException {
        Files.createDirectories(root);
        String name = sha256(mount.cacheId());
        return switch (mount.sharing()) {
            case SHARED -> new Use(directory(root.resolve(name), mount), () -> { });
            case LOCKED -> {
                Path dir = root.resolve(name);
                AutoCloseable lock = lock(dir, true);
                yield new Use(directory(dir, mount), lock);
            }
            case PRIVATE -> {
                for (int instance = 0; ; instance++) {
                    Path dir = root.resolve(instance == 0 ? name : name + "-" + instance);
                    AutoCloseable lock = lock(dir, false);
                    if (lock != null) {
                        yield new Use(directory(dir, mount), lock);
                    }
                }
            }
        };
    }

    private static Path directory(Path dir, RunMount mount) throws IOException {
        try {
            Files.createDirectory(dir);
            int mode = mount.mode() == null ? 0755 : mount.mode();
            Files.setPosixFilePermissions(dir, permissions(mode));
            Files.setAttribute(dir, "unix:uid", mount.uid() == null ? 0 : mount.uid());
            Files.setAttribute(dir, "unix:gid", mount.gid() == null ? 0 : mount.gid());
        } catch (FileAlreadyExistsException e) {
            // kept from an earlier build: its content and ownership stay as that build left them
        }
        return dir;
    }

    /** Holds {@code dir} for this step: in this process, then across processes; null when busy and not waiting. */
    private static AutoCloseable lock(Path dir, boolean wait) throws IOException {
        Semaphore here = HELD_HERE.computeIfAbsent(dir, d -> new Semaphore(1));
        if (wait) {
            here.acquireUninterruptibly();
        } else if (!here.tryAcquire()) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = wait ? channel.lock() : channel.tryLock();
            if (lock == null) {
                channel.close();
                here.release();
                return null;
            }
            FileChannel open = channel;
            return () -> {
                try {
                    open.close();
                } finally {
                    here.release();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            here.release();
            throw e;
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high to low
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
