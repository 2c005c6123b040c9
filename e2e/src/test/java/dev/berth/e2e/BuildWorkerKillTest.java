package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill drill: the worker running a build is killed with SIGKILL in the middle of a RUN; once its lease runs
 * out another worker takes the build over, the finished steps are cache hits, and the client sees one successful
 * build; the killed worker's step container does not stay.
 */
class BuildWorkerKillTest {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String TAG = "e2e-worker-kill:" + ID;

    @RegisterExtension
    static final SecondBuildWorker SECOND = new SecondBuildWorker();

    @TempDir
    static Path dir;

    @AfterAll
    static void cleanUp() throws Exception {
        BuildWorkers.pauseMainWorker(false);
        docker("rmi", "-f", TAG);
    }

    @Test
    void anotherWorkerFinishesTheBuildOfAKilledOne() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN echo " + ID + " > /first\n"
                + "RUN sleep 8\nRUN echo done > /done\n");
        // only the second worker takes jobs, so the drill kills a worker-only process, not the client's build-service
        BuildWorkers.pauseMainWorker(true);
        CompletableFuture<DockerCli.Result> build = CompletableFuture.supplyAsync(
                () -> docker("build", "-t", TAG, dir.toString()));

        JsonNode job = awaitJob(j -> j.path("State").asText().equals("running")
                && j.path("LastFinishedStep").asInt() >= 2);
        String worker = job.path("Worker").asText();
        long pid = Long.parseLong(worker.substring(worker.lastIndexOf(':') + 1));
        assertEquals(BuildWorkers.livePid(BuildWorkers.SECOND), pid, "the job is not on " + BuildWorkers.SECOND);
        BuildWorkers.pauseMainWorker(false);
        ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
        assertTrue(victim.destroyForcibly(), "SIGKILL " + pid);
        victim.onExit().get(10, TimeUnit.SECONDS);

        DockerCli.Result result = build.get(90, TimeUnit.SECONDS).ok();
        String out = result.out();
        assertEquals(1, count(out, "Successfully built"), out);
        assertEquals(1, count(out, "Step 2/4 : RUN echo"), out);
        assertTrue(out.contains("Resuming the build on"), out);
        assertTrue(out.contains("Successfully tagged " + TAG), out);

        JsonNode done = BuildWorkers.job(TAG);
        assertEquals("succeeded", done.path("State").asText(), done.toString());
        assertEquals(2, done.path("Attempt").asInt(), done.toString());
        assertNotEquals(worker, done.path("Worker").asText());
        assertEquals("", docker("ps", "-aq", "--filter", "label=dev.berth.build-id=" + done.path("ID").asText())
                .ok().trimmed());
        assertEquals(ID, docker("run", "--rm", TAG, "cat", "/first").ok().trimmed());
        assertEquals("done", docker("run", "--rm", TAG, "cat", "/done").ok().trimmed());
    }

    private static JsonNode awaitJob(java.util.function.Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = BuildWorkers.job(TAG);
            if (job != null && ready.test(job)) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the build did not reach its third step: " + job);
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
