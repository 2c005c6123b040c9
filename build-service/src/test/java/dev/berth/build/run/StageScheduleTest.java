package dev.berth.build.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.dockerfile.Stage;
import dev.berth.build.node.RuntimeNode;
import dev.berth.build.step.ImageSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StageScheduleTest {
    private static final BuildPlan PLAN = BuildPlan.parse("""
            FROM busybox AS a
            RUN echo a
            FROM busybox AS b
            RUN echo b
            FROM busybox AS c
            RUN --mount=from=b,target=/b echo c
            FROM a
            COPY --from=b /x /x
            COPY --from=c /y /y
            """);

    /** The client's stream, one entry per message. */
    private static final class Recorded implements BuildOutput {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void stream(String text) {
            lines.add(text.strip());
        }

        @Override
        public void step(int number, int total, String instruction) {
            lines.add("Step " + number + "/" + total);
        }

        @Override
        public void stderr(String text) {
        }

        @Override
        public void progress(JsonNode message) {
        }

        @Override
        public void aux(String imageId) {
        }

        @Override
        public void error(String message, int code) {
        }
    }

    private static String run(Recorded out, StageSchedule.StageWork work) throws Exception {
        List<Stage> stages = NeededStages.of(PLAN, PLAN.target(""), r -> r);
        return new StageSchedule(new RuntimeNode("http://127.0.0.1:9"), PLAN, stages, r -> r, out,
                new BuildControl()).run(0, stage -> List.of(), work);
    }

    private static boolean await(CountDownLatch latch) {
        return await(latch, 10_000);
    }

    private static boolean await(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static StageBuilder.Result result(String id) {
        return new StageBuilder.Result(id, ImageSettings.EMPTY, Map.of());
    }

    private static String name(Stage stage) {
        return stage.from().stageName() == null ? "final" : stage.from().stageName();
    }

    @Test
    void independentStagesRunAtOnceAndTheStreamKeepsDockerfileOrder() throws Exception {
        CountDownLatch bDone = new CountDownLatch(1);
        Recorded out = new Recorded();
        String id = run(out, (stage, number, extra, stageOut, control) -> {
            stageOut.step(number, 8, "FROM");
            String name = name(stage);
            if (name.equals("a")) {
                // a finishes only after b did: built one after the other, this would wait forever
                assertTrue(await(bDone), "b ran while a was running");
            }
            stageOut.stream(name + " done");
            if (name.equals("b")) {
                bDone.countDown();
            }
            return result("sha256:" + name);
        });
        assertEquals("sha256:final", id);
        assertEquals(List.of("Step 1/8", "a done", "Step 3/8", "b done", "Step 5/8", "c done", "Step 7/8",
                "final done"), out.lines);
    }

    @Test
    void theFirstFailureInDockerfileOrderIsReportedAndLaterStagesAreCancelled() {
        CountDownLatch bFailed = new CountDownLatch(1);
        Recorded out = new Recorded();
        BuildFailure failure = assertThrows(BuildFailure.class, () -> run(out,
                (stage, number, extra, stageOut, control) -> {
                    String name = name(stage);
                    stageOut.stream(name + " started");
                    if (name.equals("b")) {
                        bFailed.countDown();
                        throw new BuildFailure("b broke", 2);
                    }
                    if (name.equals("a")) {
                        assertTrue(await(bFailed));
                        assertTrue(!control.cancelled(), "a stage before the failed one goes on");
                    }
                    return result("sha256:" + name);
                }));
        assertEquals("b broke", failure.getMessage());
        assertEquals(List.of("a started", "b started"), out.lines,
                "c needs b and never starts, the final stage needs c");
    }

    @Test
    void anEarlierStagesFailureWinsOverALaterOne() {
        Recorded out = new Recorded();
        CountDownLatch bFailed = new CountDownLatch(1);
        BuildFailure failure = assertThrows(BuildFailure.class, () -> run(out,
                (stage, number, extra, stageOut, control) -> {
                    String name = name(stage);
                    if (name.equals("b")) {
                        bFailed.countDown();
                        throw new BuildFailure("b broke", 2);
                    }
                    if (name.equals("a")) {
                        assertTrue(await(bFailed));
                        throw new BuildFailure("a broke", 3);
                    }
                    return result("sha256:" + name);
                }));
        assertEquals("a broke", failure.getMessage());
    }

    @Test
    void aFailureCancelsTheStagesAfterIt() {
        BuildPlan plan = BuildPlan.parse("""
                FROM busybox AS a
                RUN echo a
                FROM busybox AS b
                RUN echo b
                FROM a
                COPY --from=b /x /x
                """);
        CountDownLatch bStarted = new CountDownLatch(1);
        boolean[] bCancelled = {false};
        List<Stage> stages = NeededStages.of(plan, plan.target(""), r -> r);
        assertThrows(BuildFailure.class, () -> new StageSchedule(new RuntimeNode("http://127.0.0.1:9"), plan,
                stages, r -> r, new Recorded(), new BuildControl()).run(0, stage -> List.of(),
                (stage, number, extra, stageOut, control) -> {
                    if (name(stage).equals("a")) {
                        assertTrue(await(bStarted));
                        throw new BuildFailure("a broke", 1);
                    }
                    bStarted.countDown();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!control.cancelled() && System.nanoTime() < deadline) {
                        await(new CountDownLatch(1), 10);
                    }
                    bCancelled[0] = control.cancelled();
                    return result("sha256:b");
                }));
        assertTrue(bCancelled[0], "b, after the failed a, was told to stop");
    }
}
