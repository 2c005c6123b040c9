package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-java (the Testcontainers transport) against berth's socket. */
class DockerJavaTest {
    private static DockerClient client;

    @BeforeAll
    static void connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(DockerCli.HOST).build();
        client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(DockerCli.HOST)).connectionTimeout(Duration.ofSeconds(10)).build());
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    @Test
    void pingVersionAndImages() {
        client.pingCmd().exec();
        assertEquals("1.55", client.versionCmd().exec().getApiVersion());
        List<Image> images = client.listImagesCmd().exec();
        assertTrue(images.stream().anyMatch(i -> i.getRepoTags() != null
                && List.of(i.getRepoTags()).contains("busybox:latest")), images.toString());
    }

    @Test
    void createStartWaitLogsRemove() throws Exception {
        CreateContainerResponse created = client.createContainerCmd("busybox")
                .withCmd("sh", "-c", "echo from-docker-java; exit 7")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .exec();
        try {
            client.startContainerCmd(created.getId()).exec();
            int code = client.waitContainerCmd(created.getId()).start().awaitStatusCode(60, TimeUnit.SECONDS);
            assertEquals(7, code);
            StringBuilder logs = new StringBuilder();
            client.logContainerCmd(created.getId()).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            logs.append(new String(frame.getPayload()));
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
            assertEquals("from-docker-java\n", logs.toString());
            assertEquals(7L, client.inspectContainerCmd(created.getId()).exec().getState().getExitCodeLong());
        } finally {
            client.removeContainerCmd(created.getId()).withForce(true).exec();
        }
    }
}
