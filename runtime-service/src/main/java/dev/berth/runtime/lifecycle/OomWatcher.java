package dev.berth.runtime.lifecycle;

import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.node.NodePaths;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OOM kills inside running containers, as they happen: conmon writes an {@code oom} file into the container's
 * directory when the kernel's OOM killer strikes in its cgroup (any process, not only the init). Each running
 * container's directory is watched (inotify); the file's appearance is Docker's {@code oom} event and sets OOMKilled,
 * while the container may well keep running. An OOM seen only at the exit is reported there, once.
 */
@ApplicationScoped
public class OomWatcher {
    private static final Logger LOG = Logger.getLogger(OomWatcher.class.getName());
    static final String OOM_FILE = "oom";

    @Inject
    NodePaths paths;
    @Inject
    RecordExit exits;

    private final Map<String, WatchKey> watched = new ConcurrentHashMap<>();
    private volatile WatchService watch;

    void onStart(@Observes LifecycleEvent.Started started) {
        watch(started.id());
    }

    void onExit(@Observes LifecycleEvent.Exited exited) {
        forget(exited.id());
    }

    void onRemove(@Observes LifecycleEvent.Removing removing) {
        forget(removing.id());
    }

    /** Starts watching a container that has just started (or is found running when the service starts). */
    void watch(String id) {
        try {
            WatchKey key = paths.bundle(id).register(service(), StandardWatchEventKinds.ENTRY_CREATE);
            WatchKey old = watched.put(id, key);
            if (old != null && !old.equals(key)) {
                old.cancel();
            }
            if (Files.exists(paths.bundle(id).resolve(OOM_FILE))) {
                report(id); // struck between the start and the registration
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot watch " + id + " for OOM kills: " + e.getMessage());
        }
    }

    private void forget(String id) {
        WatchKey key = watched.remove(id);
        if (key != null) {
            key.cancel();
        }
    }

    private synchronized WatchService service() throws IOException {
        if (watch == null) {
            watch = paths.containers().getFileSystem().newWatchService();
            Thread t = new Thread(this::loop, "berth-oom-watch");
            t.setDaemon(true);
            t.start();
        }
        return watch;
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = watch.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.context() instanceof Path name && name.toString().equals(OOM_FILE)) {
                    report(dir.getFileName().toString());
                }
            }
            key.reset();
        }
    }

    private void report(String id) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> exits.recordOom(id));
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "cannot record the OOM kill in " + id + ": " + t.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (watch != null) {
            watch.close();
        }
    }
}
