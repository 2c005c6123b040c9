package dev.berth.runtime.lifecycle;

import dev.berth.runtime.domain.Container;
import dev.berth.runtime.node.ExitFiles;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.service.VerbSupport;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Learns about container exits from conmon's exit files: a WatchService (inotify) on the exits dir, a reconcile
 * pass at startup (the service may have been down while containers exited or vanished), and a slow rescan as a
 * safety net. Exit handling hops onto a Vert.x context through {@link VertxContextSupport} before touching the DB.
 */
@ApplicationScoped
public class ExitWatcher {
    private static final Logger LOG = Logger.getLogger(ExitWatcher.class.getName());

    @Inject
    VerbSupport support;
    @Inject
    InFlight inFlight;
    @Inject
    RecordExit exits;
    @Inject
    RemoveContainer removals;
    @Inject
    NodePaths paths;
    @Inject
    OomWatcher ooms;
    @Inject
    RestartScheduler restarts;
    @Inject
    OrphanBundles orphans;

    private final ExecutorService handlers = Executors.newFixedThreadPool(2, r -> daemon(r, "berth-exits"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "berth-rescan"));
    private volatile WatchService watch;
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        support.node().ensureRunDirs();
        support.node().sweepRemoved();
        try {
            watch = paths.exits().getFileSystem().newWatchService();
            paths.exits().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot watch " + paths.exits() + ", relying on the rescan: " + e.getMessage());
        }
        Thread t = new Thread(this::watchLoop, "berth-exit-watch");
        t.setDaemon(true);
        t.start();
        handlers.execute(this::reconcile);
        timer.scheduleWithFixedDelay(this::rescan, 5, 5, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        timer.shutdownNow();
        handlers.shutdownNow();
        try {
            if (watch != null) {
                watch.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }

    private void watchLoop() {
        if (watch == null) {
            return;
        }
        while (!stopping) {
            WatchKey key;
            try {
                key = watch.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.context() instanceof Path name && ExitFiles.isContainerId(name.toString())) {
                    submit(name.toString());
                } else if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                    handlers.execute(this::rescan);
                }
            }
            key.reset();
        }
    }

    private void submit(String id) {
        if (stopping) {
            return;
        }
        handlers.execute(() -> {
            try {
                VertxContextSupport.subscribeAndAwait(() -> exits.handleExit(id));
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "handling the exit of " + id + " failed: " + t.getMessage(), t);
            }
        });
    }

    /** Exit files that are still there (missed events, exits while the service was down). */
    void rescan() {
        try (var files = Files.list(paths.exits())) {
            files.map(p -> p.getFileName().toString()).filter(ExitFiles::isContainerId).forEach(this::submit);
        } catch (IOException e) {
            LOG.log(Level.FINE, "rescan failed", e);
        }
    }

    /**
     * Startup: for this node's containers the DB believes running (other nodes' rows are theirs): exit file → record the exit; conmon alive → still running;
     * neither → the runtime vanished (reboot, killed shim): exited with 255, as dockerd reports them. Removals that
     * were in flight are finished, and the directories of creates that were cut short removed ({@link OrphanBundles}).
     */
    void reconcile() {
        orphans.sweep(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
        try {
            List<Container> containers = VertxContextSupport.subscribeAndAwait(
                    () -> support.lookup().runningOrRemoving(HostInfo.nodeName()));
            for (Container c : containers) {
                if (Container.RESTARTING.equals(c.state)) {
                    continue; // waiting for its policy restart: see restartPolicies()
                }
                if (Container.REMOVING.equals(c.state)) {
                    VertxContextSupport.subscribeAndAwait(() -> removals.removeNow(c.id));
                } else if (Files.exists(paths.exitFile(c.id))) {
                    VertxContextSupport.subscribeAndAwait(() -> exits.handleExit(c.id));
                } else if (!support.node().conmonAlive(c.id) && !inFlight.isStarting(c.id)) {
                    LOG.info("container " + c.id + " vanished while berth was away: recording it as exited (255)");
                    VertxContextSupport.subscribeAndAwait(() -> exits.recordVanished(c.id));
                } else {
                    ooms.watch(c.id);
                }
            }
            rescan();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "startup reconcile failed: " + t.getMessage(), t);
        }
        restartPolicies();
    }

    /** dockerd's restore: stopped containers whose restart policy says so start with the service. */
    void restartPolicies() {
        try {
            List<Container> stopped = VertxContextSupport.subscribeAndAwait(() -> support.db().session(
                    () -> Container.<Container>list("state in ?1 and node = ?2",
                            List.of(Container.EXITED, Container.RESTARTING), HostInfo.nodeName())));
            for (Container c : stopped) {
                try {
                    VertxContextSupport.subscribeAndAwait(() -> restarts.restartOnServiceStart(c));
                } catch (Throwable t) {
                    LOG.log(Level.WARNING, "restart policy of " + c.id + " at startup: " + t.getMessage());
                }
            }
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "startup restart policies failed: " + t.getMessage(), t);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
