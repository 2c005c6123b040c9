package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The Java clients' builds, unchanged: Testcontainers' {@code ImageFromDockerfile} (a Dockerfile written by its
 * builder DSL plus files given as strings, built and then run as a container) and docker-java's
 * {@code buildImageCmd} (a directory context, build args, labels, which as with dockerd become a last LABEL step, the streamed items it parses, and a failing RUN
 * that its callback reports as an error).
 */
class BuildClientsTest {
    @TempDir
    Path dir;

    @Test
    void testcontainersImageFromDockerfileBuildsAndRuns() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ImageFromDockerfile image = new ImageFromDockerfile("berth-e2e/tc-built:" + tag, false)
                .withFileFromString("greeting.txt", "hello " + tag + "\n")
                .withDockerfileFromBuilder(dockerfile -> dockerfile
                        .from("busybox:latest")
                        .copy("greeting.txt", "/greeting.txt")
                        .run("cat /greeting.txt > /built")
                        .cmd("sh", "-c", "cat /built; exec sleep 300")
                        .build());
        try (GenericContainer<?> container = new GenericContainer<>(image)
                .waitingFor(Wait.forLogMessage("hello " + tag + "\\n", 1))) {
            container.start();
            assertEquals("hello " + tag + "\n", container.getLogs());
        } finally {
            docker("rmi", "-f", "berth-e2e/tc-built:" + tag);
        }
    }

    @Test
    void dockerJavaBuildImageCmdStreamsStepsAndReportsAFailingRun() throws Exception {
        String tag = "berth-e2e/dj-built:" + UUID.randomUUID().toString().substring(0, 8);
        Path context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:latest
                ARG FLAVOUR=plain
                RUN echo "$FLAVOUR" > /flavour
                CMD ["cat", "/flavour"]
                """);
        try (DockerClient client = DockerJavaClients.open()) {
            List<BuildResponseItem> items = new ArrayList<>();
            String imageId = client.buildImageCmd(context.toFile())
                    .withTags(Set.of(tag))
                    .withBuildArg("FLAVOUR", "salted")
                    .withLabels(java.util.Map.of("e2e.client", "docker-java"))
                    .exec(new BuildImageResultCallback() {
                        @Override
                        public void onNext(BuildResponseItem item) {
                            items.add(item);
                            super.onNext(item);
                        }
                    })
                    .awaitImageId(60, TimeUnit.SECONDS);
            assertTrue(items.stream().anyMatch(i -> "Step 3/5 : RUN echo \"$FLAVOUR\" > /flavour"
                    .equals(i.getStream())), items.stream().map(BuildResponseItem::getStream).toList().toString());
            // the callback keeps the last id it saw: "Successfully built <12 hex>" comes after the aux ID, as dockerd
            assertEquals("sha256:" + imageId, docker("image", "inspect", "-f", "{{.Id}}", tag).ok().trimmed()
                    .substring(0, 19));
            assertEquals("docker-java", docker("image", "inspect", "-f", "{{index .Config.Labels \"e2e.client\"}}",
                    tag).ok().trimmed());
            assertEquals("salted", docker("run", "--rm", tag).ok().trimmed());

            Files.writeString(context.resolve("Dockerfile"), "FROM busybox:latest\nRUN exit 7\n");
            DockerClientException failed = assertThrows(DockerClientException.class, () -> client
                    .buildImageCmd(context.toFile()).exec(new BuildImageResultCallback())
                    .awaitImageId(60, TimeUnit.SECONDS));
            assertTrue(failed.getMessage().contains("returned a non-zero code: 7"), failed.getMessage());
        } finally {
            docker("rmi", "-f", tag);
        }
    }
}
