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
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attach as dockerd serves it to clients that do not ask for an upgrade (docker-java without stdin): {@code 200}
 * and the multiplexed stream until the container exits; {@code logs=1&stream=0} gives the log and ends.
 */
class AttachNoUpgradeTest {
    private static final String SCRIPT = "sleep 1; for i in 1 2 3; do echo out$i; echo err$i >&2; done";
    private final String name = "e2e-anu-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeLeftovers() {
        docker("rm", "-f", name);
    }

    @Test
    void plainPostStreamsBothStreamsUntilExitThenLogsWithoutStream() throws Exception {
        docker("create", "--name", name, "--network", "none", "busybox", "sh", "-c", SCRIPT).ok();
        try (SocketChannel ch = connect()) {
            send(ch, "POST /v1.47/containers/" + name + "/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nContent-Length: 0\r\n\r\n");
            Response response = Response.read(ch, 30_000, () -> docker("start", name).ok());
            assertTrue(response.head.startsWith("HTTP/1.1 200"), response.head);
            assertTrue(response.head.toLowerCase(Locale.ROOT)
                    .contains("content-type: application/vnd.docker.multiplexed-stream"), response.head);
            assertTrue(response.closed, "the stream ends when the container exits");
            Streams s = Streams.demux(response.body);
            assertEquals("out1\nout2\nout3\n", s.out.toString());
            assertEquals("err1\nerr2\nerr3\n", s.err.toString());
        }
        assertEquals("0", docker("wait", name).ok().trimmed());

        try (SocketChannel ch = connect()) {
            send(ch, "POST /v1.47/containers/" + name + "/attach?stream=0&logs=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nContent-Length: 0\r\n\r\n");
            Response response = Response.read(ch, 15_000, () -> { });
            assertTrue(response.head.startsWith("HTTP/1.1 200"), response.head);
            assertTrue(response.closed, "logs without stream end");
            Streams s = Streams.demux(response.body);
            assertEquals("out1\nout2\nout3\n", s.out.toString());
            assertEquals("err1\nerr2\nerr3\n", s.err.toString());
        }
        try (SocketChannel ch = connect()) {
            send(ch, "POST /v1.47/containers/" + name + "/attach?stream=0&logs=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nContent-Length: 0\r\n\r\n");
            Response response = Response.read(ch, 15_000, () -> { });
            assertTrue(response.closed, "logs without stream end");
            Streams s = Streams.demux(response.body);
            assertEquals("", s.out.toString());
            assertEquals("err1\nerr2\nerr3\n", s.err.toString());
        }
    }

    @Test
    void dockerJavaAttachReceivesFramesOfBothStreams() throws Exception {
        docker("create", "--name", name, "--network", "none", "busybox", "sh", "-c", SCRIPT).ok();
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(DockerCli.HOST).build();
        try (DockerClient client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(DockerCli.HOST)).connectionTimeout(Duration.ofSeconds(10)).build())) {
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            CountDownLatch started = new CountDownLatch(1);
            ResultCallback.Adapter<Frame> callback = client.attachContainerCmd(name).withStdOut(true)
                    .withStdErr(true).withFollowStream(true).exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onStart(Closeable stream) {
                            super.onStart(stream);
                            started.countDown();
                        }

                        @Override
                        public void onNext(Frame frame) {
                            synchronized (out) {
                                (frame.getStreamType() == StreamType.STDERR ? err : out)
                                        .append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        }
                    });
            assertTrue(started.await(10, TimeUnit.SECONDS), "attach answered");
            Thread.sleep(300);
            docker("start", name).ok();
            assertTrue(callback.awaitCompletion(60, TimeUnit.SECONDS), "attach ends when the container exits");
            synchronized (out) {
                assertEquals("out1\nout2\nout3\n", out.toString());
                assertEquals("err1\nerr2\nerr3\n", err.toString());
            }
        }
    }

    private static SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(DockerCli.HOST.replaceFirst("^unix://", "")));
        return ch;
    }

    private static void send(SocketChannel ch, String text) throws IOException {
        ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * A response read until it ends (the other side closes; through the gateway, which re-chunks the body, the last
     * chunk) or the time is up; the body de-chunked when it is chunked.
     */
    private record Response(String head, byte[] body, boolean closed) {
        static Response read(SocketChannel ch, long timeoutMs, Runnable afterHead) throws IOException {
            ch.configureBlocking(false);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            long end = System.currentTimeMillis() + timeoutMs;
            boolean closed = false;
            int headEnd = -1;
            while (System.currentTimeMillis() < end) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    closed = true;
                    break;
                }
                got.write(buf.array(), 0, n);
                if (headEnd < 0) {
                    headEnd = got.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
                    if (headEnd >= 0) {
                        afterHead.run();
                    }
                }
                if (headEnd >= 0 && n > 0 && chunked(got.toString(StandardCharsets.ISO_8859_1).substring(0, headEnd))) {
                    byte[] all = got.toByteArray();
                    if (lastChunkIn(java.util.Arrays.copyOfRange(all, headEnd + 4, all.length))) {
                        closed = true;
                        break;
                    }
                }
                if (n == 0) {
                    sleep(20);
                }
            }
            byte[] all = got.toByteArray();
            if (headEnd < 0) {
                return new Response(new String(all, StandardCharsets.ISO_8859_1), new byte[0], closed);
            }
            String head = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1);
            byte[] body = java.util.Arrays.copyOfRange(all, headEnd + 4, all.length);
            if (chunked(head)) {
                body = dechunk(body);
            }
            return new Response(head, body, closed);
        }

        private static boolean chunked(String head) {
            return head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
        }

        /** Whether the chunked body so far holds its last (empty) chunk. */
        private static boolean lastChunkIn(byte[] in) {
            int i = 0;
            while (i < in.length) {
                int eol = indexOf(in, i);
                if (eol < 0) {
                    return false;
                }
                int len = Integer.parseInt(new String(in, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(),
                        16);
                if (len == 0) {
                    return true;
                }
                i = eol + 2 + len + 2;
            }
            return false;
        }

        private static byte[] dechunk(byte[] in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int i = 0;
            while (i < in.length) {
                int eol = indexOf(in, i);
                if (eol < 0) {
                    break;
                }
                String size = new String(in, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
                int len = Integer.parseInt(size, 16);
                if (len == 0) {
                    break;
                }
                out.write(in, eol + 2, Math.min(len, in.length - eol - 2));
                i = eol + 2 + len + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] in, int from) {
            for (int i = from; i + 1 < in.length; i++) {
                if (in[i] == '\r' && in[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Docker's multiplexed frames (8-byte header: stream, 0, 0, 0, big-endian length) by stream. */
    private record Streams(StringBuilder out, StringBuilder err) {
        static Streams demux(byte[] body) {
            Streams s = new Streams(new StringBuilder(), new StringBuilder());
            ByteBuffer b = ByteBuffer.wrap(body);
            while (b.remaining() >= 8) {
                int stream = b.get();
                b.position(b.position() + 3);
                int len = b.getInt();
                assertTrue(len <= b.remaining(), "a whole frame");
                byte[] payload = new byte[len];
                b.get(payload);
                assertTrue(stream == 1 || stream == 2, "stream " + stream);
                (stream == 2 ? s.err : s.out).append(new String(payload, StandardCharsets.UTF_8));
            }
            assertEquals(0, b.remaining(), "no partial frame");
            return s;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
