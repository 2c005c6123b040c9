package dev.berth.runtime.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * FIFOs made ahead of time, a batch per {@code mkfifo} process, so that an exec's start renames three into place
 * instead of waiting for a process. The spares live in one directory on the same filesystem as the bundles (a
 * rename); left over from an earlier run they are used again (nobody holds them open).
 */
public final class FifoPool {
    private static final Logger LOG = Logger.getLogger(FifoPool.class.getName());
    static final int BATCH = 24;

    private final ProcessRunner runner;
    private final Path dir;
    private final Executor background;
    private final ConcurrentLinkedQueue<Path> spares = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean refilling = new AtomicBoolean();
    private final AtomicLong counter = new AtomicLong();

    public FifoPool(ProcessRunner runner, Path dir, Executor background) {
        this.runner = runner;
        this.dir = dir;
        this.background = background;
        try (var left = Files.newDirectoryStream(dir)) {
            left.forEach(spares::add);
        } catch (IOException e) {
            // no spares yet
        }
    }

    /** Puts a FIFO (mode 0600) at each target, from the spares when there are enough, else with one mkfifo. */
    public void place(List<Path> targets) throws IOException {
        List<Path> taken = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Path spare = spares.poll();
            if (spare == null) {
                break;
            }
            taken.add(spare);
        }
        int placed = 0;
        for (; placed < taken.size(); placed++) {
            try {
                Files.move(taken.get(placed), targets.get(placed), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.log(Level.FINE, "a spare FIFO could not be moved: " + e.getMessage());
                break;
            }
        }
        for (int i = placed + 1; i < taken.size(); i++) {
            spares.add(taken.get(i)); // not needed after all
        }
        if (placed < targets.size()) {
            make(targets.subList(placed, targets.size()));
        }
        if (spares.size() < BATCH / 2 && refilling.compareAndSet(false, true)) {
            background.execute(this::refill);
        }
    }

    private void refill() {
        try {
            Files.createDirectories(dir);
            List<Path> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(dir.resolve("fifo-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet()));
            }
            make(batch);
            spares.addAll(batch);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot make spare FIFOs in " + dir + ": " + e.getMessage());
        } finally {
            refilling.set(false);
        }
    }

    private void make(List<Path> fifos) throws IOException {
        List<String> argv = new ArrayList<>(List.of("mkfifo", "-m", "0600"));
        fifos.forEach(f -> argv.add(f.toString()));
        ProcessRunner.Command mkfifo = ProcessRunner.Command.of(argv);
        runner.run(mkfifo).orThrow(mkfifo);
    }
}
