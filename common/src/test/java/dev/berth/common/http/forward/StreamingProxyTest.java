package dev.berth.common.http.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client going away mid-stream ends the upstream request and throws nothing; a service's answer to a request whose
 * body has not come yet reaches the client at once.
 */
class StreamingProxyTest {
    private Vertx vertx;
    private final List<Throwable> unhandled = new CopyOnWriteArrayList<>();
    private final CountDownLatch upstreamClosed = new CountDownLatch(1);
    private int gatewayPort;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        vertx.exceptionHandler(unhandled::add);
        HttpServer upstream = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/build")) {
                // refuses its query before reading the body, as build-service does
                request.response().setStatusCode(400).end("{\"message\":\"invalid memory value: abc\"}");
                return;
            }
            HttpServerResponse response = request.response().setChunked(true);
            response.closeHandler(v -> upstreamClosed.countDown());
            long timer = vertx.setPeriodic(10, id -> {
                if (!response.closed() && !response.ended()) {
                    response.write("{\"line\":\"log\"}\n");
                }
            });
            response.closeHandler(v -> {
                vertx.cancelTimer(timer);
                upstreamClosed.countDown();
            });
        }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        StreamingProxy proxy = new StreamingProxy(vertx.createHttpClient());
        Upstream target = new Upstream("127.0.0.1", upstream.actualPort(), false);
        HttpServer gateway = vertx.createHttpServer().requestHandler(request -> {
            request.exceptionHandler(unhandled::add);
            try {
                proxy.forward(request, request.path(), target);
            } catch (RuntimeException e) {
                unhandled.add(e);
            }
        }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        gatewayPort = gateway.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientGoingAwayMidStreamEndsTheUpstreamRequest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gatewayPort)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /containers/x/logs?follow=1 HTTP/1.1\r\nHost: berth\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String seen = "";
            byte[] buffer = new byte[4096];
            while (!seen.contains("\"line\"")) {
                int n = in.read(buffer);
                assertTrue(n > 0, "stream ended early: " + seen);
                seen += new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            }
            assertTrue(seen.startsWith("HTTP/1.1 200"), seen);
        }
        assertTrue(upstreamClosed.await(10, TimeUnit.SECONDS), "the upstream request is still open " + unhandled);
        Thread.sleep(200); // let the late upstream events run
        assertEquals(List.of(), unhandled);
    }

    @Test
    void theServiceSeesTheRequestBeforeItsBodyAndItsRefusalComesBackAtOnce() throws Exception {
        // twice each: a refused request whose body never came must not leave its service connection in the pool
        for (String framing : List.of("Content-Length: 1048576", "Transfer-Encoding: chunked",
                "Content-Length: 1048576", "Transfer-Encoding: chunked", "Content-Length: 1048576")) {
            try (Socket socket = new Socket("127.0.0.1", gatewayPort)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /build?memory=abc HTTP/1.1\r\nHost: berth\r\nContent-Type: application/x-tar\r\n"
                        + framing + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush(); // and no body: a client still sending its build context
                byte[] buffer = new byte[4096];
                int n = socket.getInputStream().read(buffer); // a SocketTimeoutException if the answer waits
                String seen = new String(buffer, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
                assertTrue(seen.startsWith("HTTP/1.1 400"), framing + ": " + seen);
            }
        }
    }
}
