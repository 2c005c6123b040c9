package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two build workers share one queue: two builds at once run on different workers, at the same time. */
class BuildWorkersTest {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);

    @RegisterExtension
    static final SecondBuildWorker SECOND = new SecondBuildWorker();

    @TempDir
    static Path dir;

    @AfterAll
    static void removeImages() {
        docker("rmi", "-f", "e2e-workers-a:" + ID, "e2e-workers-b:" + ID);
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
}
