package dev.berth.build.run;

import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.dockerfile.Command;
import dev.berth.build.dockerfile.Stage;
import dev.berth.build.node.RuntimeNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Builds a target's stages as BuildKit schedules them: a stage starts as soon as the stages it uses (FROM,
 * {@code COPY --from}, {@code RUN --mount=from=}) are built, on a small pool ({@value #THREADS} stages at once), so
 * stages that do not use each other run at the same time. The client still sees the legacy stream in Dockerfile
 * order ({@link StageOutputs}). When a stage fails, the stages after it are cancelled and the ones before it
 * finish, so the error reported is the first in Dockerfile order, as a top-to-bottom build would report it.
 */
final class StageSchedule {
    static final int THREADS = 3;
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** One stage's work: the stage, its FROM line's step number, commands added at its end, output, control. */
    interface StageWork {
        StageBuilder.Result build(Stage stage, int number, List<Command> extra, BuildOutput out,
                BuildControl control) throws IOException;
    }

    private final RuntimeNode node;
    private final BuildPlan plan;
    private final List<Stage> stages;
    private final UnaryOperator<String> expand;
    private final BuildOutput out;
    private final BuildControl control;

    StageSchedule(RuntimeNode node, BuildPlan plan, List<Stage> stages, UnaryOperator<String> expand,
            BuildOutput out, BuildControl control) {
        this.node = node;
        this.plan = plan;
        this.stages = stages;
        this.expand = expand;
        this.out = out;
        this.control = control;
    }

    /**
     * @param number the step number before the first stage's FROM
     * @return the last stage's image id
     */
    String run(int number, Function<Stage, List<Command>> extra, StageWork work) throws IOException {
        StageOutputs outputs = new StageOutputs(out, stages.size());
        List<BuildControl> controls = new ArrayList<>();
        Throwable[] failures = new Throwable[stages.size()];
        Map<Stage, CompletableFuture<StageBuilder.Result>> built = new HashMap<>();
        List<CompletableFuture<StageBuilder.Result>> all = new ArrayList<>();
        int pool = POOLS.incrementAndGet();
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(THREADS, stages.size()), r -> {
            Thread thread = new Thread(r, "build-stage-" + pool);
            thread.setDaemon(true);
            return thread;
        });
        try {
            int first = number + 1;
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                int order = i;
                int from = first;
                BuildControl stageControl = control.stage();
                controls.add(stageControl);
                List<Command> added = extra.apply(stage);
                first += 1 + stage.commands().size() + added.size();
                CompletableFuture<?>[] uses = NeededStages.dependencies(plan, stage, expand).stream()
                        .map(built::get).filter(f -> f != null).toArray(CompletableFuture[]::new);
                CompletableFuture<StageBuilder.Result> future = CompletableFuture.allOf(uses).thenApplyAsync(x -> {
                    try {
                        StageBuilder.Result result = work.build(stage, from, added, outputs.stage(order),
                                stageControl);
                        outputs.finished(order);
                        return result;
                    } catch (IOException | RuntimeException e) {
                        failed(order, e, failures, controls);
                        throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
                    }
                }, threads);
                built.put(stage, future);
                all.add(future);
            }
            try {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                // each stage's own failure is in failures; the first in Dockerfile order is the build's
            }
        } finally {
            threads.shutdownNow();
        }
        for (Throwable failure : failures) {
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
        }
        return all.get(all.size() - 1).join().imageId();
    }

    /** A stage failed: the stages after it in Dockerfile order stop (a top-to-bottom build never reached them). */
    private void failed(int order, Exception e, Throwable[] failures, List<BuildControl> controls) {
        synchronized (failures) {
            failures[order] = e;
        }
        for (int later = order + 1; later < controls.size(); later++) {
            controls.get(later).cancel(node);
        }
    }
}
