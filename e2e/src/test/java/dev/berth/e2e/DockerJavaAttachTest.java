package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-java's attach: without stdin (a plain streamed answer, stdout and stderr as their own frames) and with
 * stdin (the hijacked, upgraded connection carrying input to the container and its output back).
 */
class DockerJavaAttachTest {
    private static DockerClient client;
    private final String name = "e2e-dja-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() {
        client = DockerJavaClients.open();
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    @AfterEach
    void removeLeftovers() {
        DockerCli.docker("rm", "-f", name);
    }

    /** Collects stdout and stderr frames apart, and counts down when the stream ends. */
    private static final class Streams extends ResultCallback.Adapter<Frame> {
        final StringBuffer out = new StringBuffer();
        final StringBuffer err = new StringBuffer();
        final CountDownLatch firstFrame = new CountDownLatch(1);

        @Override
        public void onNext(Frame frame) {
            (frame.getStreamType() == StreamType.STDERR ? err : out)
                    .append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            firstFrame.countDown();
        }
    }

    @Test
    void attachWithoutStdinStreamsUntilExit() throws Exception {
        String id = client.createContainerCmd("busybox").withName(name)
                .withCmd("sh", "-c", "sleep 1; for i in 1 2 3; do echo out$i; echo err$i >&2; done; exit 5")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        client.startContainerCmd(id).exec();
        Streams streams = client.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new Streams());
        assertTrue(streams.awaitCompletion(30, TimeUnit.SECONDS), "the stream ends when the container exits");
        assertEquals("out1\nout2\nout3\n", streams.out.toString());
        assertEquals("err1\nerr2\nerr3\n", streams.err.toString());
        assertEquals(5, client.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS));
    }

    @Test
    void attachWithStdinCarriesInputBothWays() throws Exception {
        String id = client.createContainerCmd("busybox").withName(name)
                .withStdinOpen(true).withStdInOnce(true).withAttachStdin(true)
                .withCmd("sh", "-c", "for i in 1 2; do read l; echo got:$l; echo err:$l >&2; done; exit 2")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        PipedOutputStream input = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(input);
        // as docker run -i does it: attach first, then start, then type
        Streams streams = client.attachContainerCmd(id).withStdIn(stdin).withStdOut(true).withStdErr(true)
                .withFollowStream(true).exec(new Streams());
        client.startContainerCmd(id).exec();
        input.write("first\n".getBytes(StandardCharsets.UTF_8));
        input.flush();
        assertTrue(streams.firstFrame.await(20, TimeUnit.SECONDS), "the container answered the first line");
        input.write("second\n".getBytes(StandardCharsets.UTF_8));
        input.flush();
        assertEquals(2, client.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS));
        assertTrue(streams.awaitCompletion(20, TimeUnit.SECONDS), "the stream ends when the container exits");
        assertEquals("got:first\ngot:second\n", streams.out.toString());
        assertEquals("err:first\nerr:second\n", streams.err.toString());
        input.close();
    }
}
