package dev.berth.runtime.rootfs;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.node.OverlayMounts;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.node.Runc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Access to a container's root filesystem from the host for cp, export and commit: the overlay is mounted for the
 * duration when the container is not running (and unmounted afterwards unless it started meanwhile), and a running
 * container is frozen (cgroup freezer, {@code runc pause}) while the work runs, so that nothing inside can swap a
 * directory for a symlink between our checks and our use of a path. A container the user paused stays paused.
 * Blocking: call on worker threads.
 */
@ApplicationScoped
public class ContainerRootfs {
    private static final Logger LOG = Logger.getLogger(ContainerRootfs.class.getName());

    @Inject
    NodePaths paths;
    @Inject
    OverlayMounts overlay;
    @Inject
    Runc runc;
    @Inject
    ProcessRunner runner;

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** What the work gets: the merged root, the upper dir, the lower dirs (topmost first). */
    public record Access(Path merged, Path upper, List<Path> lowers, RootPath root) {
    }

    public interface Work<T> {
        T run(Access access) throws Exception;
    }

    /**
     * @param layerDirs the container's layer directory names, topmost first
     * @param freeze    freeze a running container while the work runs
     * @param mount     whether the merged view is needed (diff and commit only read the upper dir)
     */
    public <T> T with(String id, List<String> layerDirs, boolean freeze, boolean mount, Work<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            Path bundle = paths.bundle(id);
            Path merged = bundle.resolve("merged");
            List<Path> lowers = new ArrayList<>();
            layerDirs.forEach(l -> lowers.add(paths.layers().resolve(l)));
            boolean running = "running".equals(status(id));
            boolean mountedHere = false;
            if (mount && !overlay.isMounted(merged)) {
                overlay.mount(paths.layers(), layerDirs, bundle.resolve("upper"), bundle.resolve("work"), merged);
                mountedHere = true;
            }
            boolean frozen = false;
            try {
                if (freeze && running) {
                    try {
                        runc.pause(id);
                        frozen = true;
                    } catch (RuntimeException e) {
                        if ("running".equals(status(id))) {
                            throw BerthException.internal("cannot freeze container " + id + ": " + e.getMessage(), e);
                        }
                    }
                }
                return work.run(new Access(merged, bundle.resolve("upper"), lowers, new RootPath(merged)));
            } catch (BerthException e) {
                throw e;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.io.UncheckedIOException(e instanceof java.io.IOException io ? io
                        : new java.io.IOException(e.getMessage(), e));
            } finally {
                if (frozen) {
                    try {
                        runc.resume(id);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "cannot thaw " + id + ": " + e.getMessage());
                    }
                }
                if (mountedHere && runc.state(id) == null) {
                    try {
                        overlay.umount(merged);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "cannot unmount the rootfs of " + id + ": " + e.getMessage());
                    }
                }
            }
        } finally {
            lock.unlock();
            if (!lock.hasQueuedThreads()) {
                locks.remove(id, lock);
            }
        }
    }

    /** runc's status of the container (running, paused, created, stopped) or null when runc does not know it. */
    public String status(String id) {
        String json = runc.state(id);
        if (json == null) {
            return null;
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("status").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Opaque directories of an upper dir (getfattr reads the trusted.* namespace that Java cannot). {@code -h}: a
     * symlink's own attributes, never its target's (an absolute link such as {@code /link -> /kept} made by a RUN
     * points at nothing on the host, and getfattr failed on it).
     */
    public Set<String> opaqueDirs(Path upper) {
        ProcessRunner.Command command = ProcessRunner.Command.of("getfattr", "-R", "-P", "-h", "--absolute-names",
                "-d", "-m", "^trusted\\.overlay\\.opaque$", upper.toString());
        ProcessRunner.Result r = runner.run(command);
        if (!r.ok()) {
            throw BerthException.internal("getfattr failed: " + r.stderr().strip(), null);
        }
        return OverlayUpper.opaque(r.stdout(), upper);
    }

    /** mkfifo for extraction. */
    public void mkfifo(Path path) {
        ProcessRunner.Command command = ProcessRunner.Command.of("mknod", path.toString(), "p");
        runner.run(command).orThrow(command);
    }
}
