package dev.berth.build.queue;

import dev.berth.build.cache.JdbcStepCache;
import dev.berth.build.context.BuildContext;
import dev.berth.build.context.FileDigestCache;
import dev.berth.build.context.LazyContext;
import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.node.ImageStore;
import dev.berth.build.run.BuildControl;
import dev.berth.build.run.CacheMounts;
import dev.berth.build.run.BuildExecutor;
import dev.berth.build.run.BuildFailure;
import dev.berth.build.run.BuildOptions;
import dev.berth.build.run.BuildOutput;
import dev.berth.build.run.QuietOutput;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * This process's build worker: takes one job at a time from the queue (woken by {@code berth.build.jobs}, and
 * scanning the table every second, which also finds jobs whose worker was lost), holds its lease while it runs,
 * and writes the build's stream to {@code berth.build.progress}. A lost lease, a cancel request or a shutdown
 * stops the build at once (its step containers are removed); a shutdown hands the job to another worker.
 */
@ApplicationScoped
public class BuildWorker {
    private static final Logger LOG = Logger.getLogger(BuildWorker.class.getName());

    /** Why a running build was stopped from outside. */
    private enum Stop { NONE, CLIENT, LOST, SHUTDOWN }

    private record Running(BuildJobs.Claimed job, BuildControl control, JobNode node, Stop[] stop) {
    }

    @Inject
    DataSource db;
    @Inject
    BuildJobs jobs;
    @Inject
    ProgressChannel progress;
    @Inject
    BuildQueueConfig config;
    @Inject
    FileDigestCache fileDigests;
    @ConfigProperty(name = "berth.runtime-url")
    String runtimeUrl;
    @ConfigProperty(name = "berth.image-url")
    String imageUrl;
    @ConfigProperty(name = "berth.build.max-context-bytes")
    long maxContextBytes;

    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile boolean paused;
    private volatile Running running;
    private ScheduledExecutorService loop;
    private ScheduledExecutorService lease;
    /** Records finished steps in the job's row in order, off the build's path; drained before the job ends. */
    private ExecutorService journal;

    void start(@Observes StartupEvent startup) {
        if (!config.runsWorker()) {
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "build-worker"));
        lease = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "build-lease"));
        journal = Executors.newSingleThreadExecutor(r -> new Thread(r, "build-journal"));
        loop.scheduleWithFixedDelay(this::drain, 0, 1, TimeUnit.SECONDS);
        lease.scheduleWithFixedDelay(this::renew, 1, 1, TimeUnit.SECONDS);
        LOG.info("build worker " + config.workerId() + " started (lease " + config.leaseSeconds() + " s)");
    }

    /** A job was queued somewhere: look now rather than at the next scan. */
    @Incoming("build-jobs")
    public void onJob(String record) {
        if (loop != null && !stopping && nudged.compareAndSet(false, true)) {
            loop.execute(() -> {
                nudged.set(false);
                drain();
            });
        }
    }

    /**
     * Drains this worker (maintenance): it takes no new job, the one it runs goes on. Also how the kill drill puts
     * a build on a chosen worker.
     */
    public void pause(boolean pause) {
        paused = pause;
        if (!pause) {
            onJob(null);
        }
    }

    public boolean paused() {
        return paused;
    }

    public boolean runs() {
        return loop != null;
    }

    private void drain() {
        try {
            while (!stopping && !paused) {
                Optional<BuildJobs.Claimed> job = jobs.claim(config.workerId(), config.leaseSeconds());
                if (job.isEmpty()) {
                    return;
                }
                run(job.get());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "build worker: cannot take jobs now", e);
        }
    }

    private void renew() {
        Running current = running;
        if (current == null) {
            return;
        }
        try {
            BuildJobs.Renewal renewal = jobs.renew(current.job().id(), config.workerId(), current.job().attempt(),
                    config.leaseSeconds());
            if (renewal != BuildJobs.Renewal.HELD) {
                stop(current, renewal == BuildJobs.Renewal.LOST ? Stop.LOST : Stop.CLIENT);
            }
        } catch (RuntimeException e) {
            LOG.warning("build " + current.job().id() + ": cannot renew the lease: " + e.getMessage());
        }
    }

    private static void stop(Running current, Stop why) {
        synchronized (current.stop()) {
            if (current.stop()[0] != Stop.NONE) {
                return;
            }
            current.stop()[0] = why;
        }
        current.control().cancel(current.node());
    }

    private void run(BuildJobs.Claimed job) {
        String id = job.id();
        ProgressOutput stream = new ProgressOutput(job.attempt(), record -> progress.send(id, record));
        JobNode node = new JobNode(runtimeUrl, id);
        Running current = new Running(job, new BuildControl(), node, new Stop[] {Stop.NONE});
        running = current;
        Path workDir = config.workDir(id, job.attempt());
        String state = "failed";
        String imageId = null;
        String error = null;
        try {
            BuildOptions options = JobOptionsJson.read(job.options());
            BuildOutput client = options.quiet() ? new QuietOutput(stream) : stream;
            StepProgress out = new StepProgress(client, job.lastFinishedStep(),
                    (number, total) -> journal.execute(() -> recordStep(id, job.attempt(), number, total)));
            if (job.attempt() > 1) {
                takeOver(job, node, client);
            }
            if (job.cancelRequested()) {
                stop(current, Stop.CLIENT);
                throw new BuildFailure("Build cancelled", 1);
            }
            Path context = Files.createDirectories(workDir.resolve("context"));
            LazyContext files = LazyContext.unpack(config.contexts().path(job.contextDigest()), context,
                    maxContextBytes, fileDigests.known(job.contextDigest()));
            BuildPlan plan = BuildContext.plan(context, options, files);
            imageId = new BuildExecutor(node, new ImageStore(imageUrl), new JdbcStepCache(db), maxContextBytes,
                    new CacheMounts(config.cacheMounts()))
                    .build(plan, options, context, fileDigests.of(job.contextDigest(), context, files), workDir,
                            out, current.control());
            out.done();
            out.stream("Successfully built " + imageId.substring(7, 19) + "\n");
            for (String tag : options.tags()) {
                out.stream("Successfully tagged " + tag + "\n");
            }
            out.succeeded(imageId);
            state = "succeeded";
        } catch (BuildFailure e) {
            error = e.getMessage();
            if (current.stop()[0] == Stop.NONE) {
                stream.error(e.getMessage(), e.code());
            }
        } catch (RuntimeException | IOException e) {
            error = DockerError.of(e).message();
            if (current.stop()[0] == Stop.NONE) {
                if (!(e instanceof BerthException)) {
                    LOG.log(Level.WARNING, "build " + id + " failed", e);
                }
                stream.error(error, 1);
            }
        } finally {
            running = null;
            end(current, state, imageId, error, stream);
            WorkDirs.delete(workDir);
        }
    }

    private void recordStep(String id, int attempt, int number, int total) {
        try {
            jobs.stepFinished(id, attempt, number, total);
        } catch (RuntimeException e) {
            LOG.warning("build " + id + ": step " + number + " not recorded: " + e.getMessage());
        }
    }

    /** Waits until the finished steps handed to the journal are written (they come before the job's end). */
    private void drainJournal() {
        try {
            journal.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warning("build steps not all recorded: " + e);
        }
    }

    private void end(Running current, String state, String imageId, String error, ProgressOutput stream) {
        BuildJobs.Claimed job = current.job();
        drainJournal();
        switch (current.stop()[0]) {
            case LOST -> LOG.warning("build " + job.id() + ": another worker took the job over; stopped here");
            case SHUTDOWN -> jobs.release(job.id(), job.attempt());
            default -> {
                boolean cancelled = current.stop()[0] == Stop.CLIENT;
                jobs.finish(job.id(), job.attempt(), cancelled ? "cancelled" : state, imageId,
                        cancelled ? null : error, config.workerId());
                stream.end();
                try {
                    if (!jobs.contextInUse(job.contextDigest())) {
                        config.contexts().delete(job.contextDigest());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.fine("cannot delete the context " + job.contextDigest() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Before resuming a lost worker's build: its step containers and local scratch go, the client is told. */
    private void takeOver(BuildJobs.Claimed job, JobNode node, BuildOutput client) {
        int removed = node.removeLeftovers();
        for (int attempt = 1; attempt < job.attempt(); attempt++) {
            WorkDirs.delete(config.workDir(job.id(), attempt));
        }
        LOG.info("build " + job.id() + ": taking over from " + job.previousOwner() + " after step "
                + job.lastFinishedStep() + " (" + removed + " container(s) of it removed)");
        client.stream("Resuming the build on " + config.workerId() + ": " + job.previousOwner()
                + " stopped renewing its lease\n");
    }

    void shutdown(@Observes ShutdownEvent event) {
        if (loop == null) {
            return;
        }
        stopping = true;
        Running current = running;
        if (current != null) {
            stop(current, Stop.SHUTDOWN);
        }
        loop.shutdown();
        lease.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.shutdown();
    }
}
