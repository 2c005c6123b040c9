package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exec the way Testcontainers' execInContainer does it: docker-java, start without an upgrade (no stdin). */
class ExecDockerJavaTest {
    private final String name = "e2e-xj-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeLeftovers() {
        docker("rm", "-f", name);
    }

    @Test
    void execWithoutUpgradeStreamsOutputAndRecordsTheExitCode() throws Exception {
        docker("run", "-d", "--name", name, "--network", "none", "busybox", "sleep", "1000").ok();
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(DockerCli.HOST).build();
        try (DockerClient client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(DockerCli.HOST)).connectionTimeout(Duration.ofSeconds(10)).build())) {
            String execId = client.execCreateCmd(name).withAttachStdout(true).withAttachStderr(true)
                    .withCmd("sh", "-c", "echo to-out; echo to-err >&2; exit 6").exec().getId();
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            client.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    (frame.getStreamType() == StreamType.STDERR ? err : out)
                            .append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(60, TimeUnit.SECONDS);
            assertEquals("to-out\n", out.toString());
            assertEquals("to-err\n", err.toString());
            assertEquals(6L, client.inspectExecCmd(execId).exec().getExitCodeLong());
            assertTrue(!client.inspectExecCmd(execId).exec().isRunning());
        }
    }
}
