package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two build workers share one queue: two builds at once run on different workers, at the same time, and an idle
 * worker takes a queued job at once, whichever worker's partition the job's record landed on.
 */
class BuildWorkersTest {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final int WAKES = 10;

    @RegisterExtension
    static final SecondBuildWorker SECOND = new SecondBuildWorker();

    @TempDir
    static Path dir;

    @AfterAll
    static void removeImages() {
        docker("rmi", "-f", "e2e-workers-a:" + ID, "e2e-workers-b:" + ID);
        for (int i = -1; i < WAKES; i++) {
            docker("rmi", "-f", "e2e-workers-wake-" + i + ":" + ID);
        }
    }

    private static CompletableFuture<DockerCli.Result> build(String name) throws Exception {
        Path project = Files.createDirectories(dir.resolve(name));
        Files.writeString(project.resolve("Dockerfile"), "FROM busybox\nRUN sleep 3 && echo " + ID + name
                + " > /built\n");
        return CompletableFuture.supplyAsync(() -> docker("build", "-t", "e2e-workers-" + name + ":" + ID,
                project.toString()));
    }

    @Test
    void twoBuildsRunAtOnceOnDifferentWorkers() throws Exception {
        CompletableFuture<DockerCli.Result> a = build("a");
        CompletableFuture<DockerCli.Result> b = build("b");
        assertTrue(a.get().ok().out().contains("Successfully built"), a.get().out());
        assertTrue(b.get().ok().out().contains("Successfully built"), b.get().out());

        JsonNode jobA = BuildWorkers.job("e2e-workers-a:" + ID);
        JsonNode jobB = BuildWorkers.job("e2e-workers-b:" + ID);
        assertNotNull(jobA);
        assertNotNull(jobB);
        assertEquals("succeeded", jobA.path("State").asText());
        assertEquals("succeeded", jobB.path("State").asText());
        assertNotEquals(jobA.path("Worker").asText(), jobB.path("Worker").asText(), jobA + " / " + jobB);
        Instant startA = Instant.parse(jobA.path("Started").asText());
        Instant endA = Instant.parse(jobA.path("Finished").asText());
        Instant startB = Instant.parse(jobB.path("Started").asText());
        Instant endB = Instant.parse(jobB.path("Finished").asText());
        assertTrue(startA.isBefore(endB) && startB.isBefore(endA), "the builds did not overlap: " + jobA + " / "
                + jobB);
        assertEquals(ID + "a", docker("run", "--rm", "e2e-workers-a:" + ID, "cat", "/built").ok().trimmed());
    }

    /**
     * With build-service's own worker drained, the second worker is the only one that takes jobs: it must be woken
     * by every job's record, not find half of them at its 1 s scan of the table (the job records are spread over
     * the topic's partitions, and a worker that shares a consumer group with the drained one owns only some).
     */
    @Test
    void anIdleWorkerTakesEveryQueuedJobAtOnce() throws Exception {
        Path project = Files.createDirectories(dir.resolve("wake"));
        List<Long> waits = new ArrayList<>();
        BuildWorkers.pauseMainWorker(true);
        try {
            for (int i = -1; i < WAKES; i++) { // -1: a first build, not counted, warms the worker's path
                Files.writeString(project.resolve("Dockerfile"), "FROM busybox\nLABEL wake=" + ID + "-" + i + "\n");
                String tag = "e2e-workers-wake-" + i + ":" + ID;
                assertTrue(docker("build", "-t", tag, project.toString()).ok().out().contains("Successfully built"));
                JsonNode job = BuildWorkers.job(tag);
                assertNotNull(job, tag);
                if (i >= 0) {
                    waits.add(Duration.between(Instant.parse(job.path("Created").asText()),
                            Instant.parse(job.path("Started").asText())).toMillis());
                }
            }
        } finally {
            BuildWorkers.pauseMainWorker(false);
        }
        // the scan alone would leave some of ten jobs queued for 0.6-1 s
        assertTrue(waits.stream().allMatch(wait -> wait < 600), "queued → taken (ms): " + waits);
    }
}
