package dev.berth.build.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageStore#exists} and {@link ImageStore#inspect} against a small HTTP server answering as image-service's
 * presence route does.
 */
class ImageStoreExistsTest {
    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private ImageStore images;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            paths.add(exchange.getRequestMethod() + " " + path);
            if (path.endsWith("/sha256:aaa") || path.endsWith("/busybox:latest")) {
                byte[] body = "{\"Id\":\"sha256:aaa\",\"Config\":{\"Cmd\":[\"sh\"]}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else if (path.endsWith("/sha256:bbb")) {
                byte[] body = "{\"message\":\"No such image: sha256:bbb\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
            } else {
                byte[] body = "{\"message\":\"database down\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(503, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        images = new ImageStore("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void presentAndAbsentImages() {
        assertTrue(images.exists("sha256:aaa"));
        assertFalse(images.exists("sha256:bbb"));
        assertEquals(List.of("GET /internal/images/sha256:aaa", "GET /internal/images/sha256:bbb"), paths);
    }

    @Test
    void aReferenceResolvesToItsIdAndConfig() {
        ImageStore.Found found = images.inspect("busybox:latest");
        assertEquals("sha256:aaa", found.id());
        assertEquals("sh", found.config().path("Cmd").path(0).asText());
        assertEquals(null, images.inspect("sha256:bbb"));
    }

    @Test
    void anotherFailureIsNotAbsence() {
        BerthException failure = assertThrows(BerthException.class, () -> images.exists("sha256:ccc"));
        assertEquals("database down", failure.getMessage());
    }
}
