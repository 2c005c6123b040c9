package dev.berth.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ServiceCalls#send} on the calling thread ({@link DirectCall}) against a real HTTP server. */
class DirectCallTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final HttpClient client = ServiceCalls.client(Duration.ofSeconds(2));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().toString();
            seen.add(exchange.getRequestMethod() + " " + path + " [" + body + "] token="
                    + exchange.getRequestHeaders().getFirst("X-Test") + " from " + exchange.getRemoteAddress().getPort());
            if (path.startsWith("/slow")) {
                sleep(1500);
            }
            int status = path.startsWith("/missing") ? 404 : path.startsWith("/empty") ? 204 : 200;
            byte[] answer = (status == 404 ? "{\"message\":\"No such thing\"}" : status == 204 ? "" : "echo " + body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Answer", "yes");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .header("X-Test", "t1");
    }

    @Test
    void aStreamedBodyGoesOutChunkedAsItIsWritten() {
        String content = "x".repeat(3 << 20); // past LARGEST_BODY: written to the connection, never held whole
        HttpResponse<String> answer = ServiceCalls.sendStreamed(client, to("/upload?parent=p").POST(
                HttpRequest.BodyPublishers.noBody()).build(), out -> {
                    for (int i = 0; i < 3; i++) {
                        out.write(content.substring(0, 1 << 20).getBytes(StandardCharsets.US_ASCII));
                    }
                }, "svc");
        assertEquals(200, answer.statusCode());
        assertEquals("echo " + content, answer.body());
        assertTrue(seen.get(0).startsWith("POST /upload?parent=p [xxx") && seen.get(0).contains("token=t1"),
                seen.get(0).substring(0, 40));
        BerthException refused = assertThrows(BerthException.class, () -> ServiceCalls.sendStreamed(client,
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/x")).POST(HttpRequest.BodyPublishers.noBody())
                        .build(), out -> out.write(1), "svc"));
        assertEquals(ErrorKind.UNAVAILABLE, refused.kind());
    }

    @Test
    void getPostDeleteAndErrorsAnswerAsTheClientWould() {
        HttpResponse<String> get = ServiceCalls.send(client, to("/a?x=1").GET().build(), "svc");
        assertEquals(200, get.statusCode());
        assertEquals("echo ", get.body());
        assertEquals("yes", get.headers().firstValue("x-answer").orElse(null));
        HttpResponse<String> post = ServiceCalls.send(client, to("/b").POST(HttpRequest.BodyPublishers.ofString(
                "{\"k\":1}")).build(), "svc");
        assertEquals("echo {\"k\":1}", post.body());
        assertEquals(204, ServiceCalls.send(client, to("/empty").POST(HttpRequest.BodyPublishers.noBody()).build(),
                "svc").statusCode());
        assertEquals(200, ServiceCalls.send(client, to("/c").DELETE().build(), "svc").statusCode());
        HttpResponse<String> missing = ServiceCalls.send(client, to("/missing").GET().build(), "svc");
        assertEquals(404, missing.statusCode());
        assertEquals("No such thing", ServiceCalls.answered(missing, "fallback").getMessage());
        assertEquals(List.of("GET", "POST", "POST", "DELETE", "GET"),
                seen.stream().map(s -> s.substring(0, s.indexOf(' '))).toList());
        assertTrue(seen.get(1).contains("[{\"k\":1}] token=t1"), seen.get(1));
        assertEquals(1, seen.stream().map(s -> s.substring(s.lastIndexOf(' '))).distinct().count(),
                "one kept-alive connection: " + seen);
    }

    @Test
    void aStreamedBodyGoesThroughTheClient() {
        HttpRequest streamed = to("/s").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream("layer".getBytes(StandardCharsets.UTF_8)))).build();
        assertFalse(DirectCall.suits(streamed));
        assertEquals("echo layer", ServiceCalls.send(client, streamed, "svc").body());
    }

    @Test
    void noAnswerInTimeIsA503InWords() {
        BerthException e = assertThrows(BerthException.class, () -> ServiceCalls.send(client,
                to("/slow").timeout(Duration.ofMillis(300)).GET().build(), "image-service"));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("image-service is not reachable: no answer in time", e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
