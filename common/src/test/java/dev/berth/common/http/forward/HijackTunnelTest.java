package dev.berth.common.http.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service that writes a large output and closes at once (an exec of {@code seq 1 200000}) reaches a client that
 * reads slowly whole: the tunnel closes the client's side only after the last byte the service sent.
 */
class HijackTunnelTest {
    private static final int OUTPUT = 8 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private Vertx vertx;
    private int gatewayPort;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        NetServer service = vertx.createNetServer().connectHandler(HijackTunnelTest::answerWithOutputAndClose)
                .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HijackTunnel tunnel = ForwardClients.tunnel(vertx);
        Upstream target = new Upstream("127.0.0.1", service.actualPort(), false);
        gatewayPort = vertx.createHttpServer().requestHandler(request -> tunnel.open(request, request.path(), target))
                .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    /** Reads the request head, answers 101, writes {@link #OUTPUT} bytes and closes. */
    private static void answerWithOutputAndClose(NetSocket socket) {
        Buffer head = Buffer.buffer();
        socket.handler(bytes -> {
            head.appendBuffer(bytes);
            if (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                return;
            }
            socket.handler(ignored -> { });
            socket.write("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            byte[] chunk = new byte[CHUNK];
            for (int written = 0; written < OUTPUT; written += CHUNK) {
                socket.write(Buffer.buffer(chunk));
            }
            socket.close();
        });
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyByteTheServiceSentReachesASlowClientBeforeTheConnectionCloses() throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            assertEquals(OUTPUT, bodyReadSlowly(), "attempt " + attempt);
        }
    }

    private long bodyReadSlowly() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gatewayPort)) {
            socket.setSoTimeout(20_000);
            socket.setReceiveBufferSize(16 * 1024);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /exec/x/start HTTP/1.1\r\nHost: berth\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            Thread.sleep(300); // the service has written everything and closed while the tunnel waits on us
            long received = 0;
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                received += n;
                if (received % (1024 * 1024) < n) {
                    Thread.sleep(20); // slow now and then, so the tunnel pauses the service's side again
                }
            }
            return received;
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertTrue(b >= 0, "connection closed in the head: " + head);
            head.append((char) b);
        }
        return head.toString();
    }
}
