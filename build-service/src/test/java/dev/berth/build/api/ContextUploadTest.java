package dev.berth.build.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.build.context.ContextScan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Vert.x server receives real uploads: the spool holds the exact bytes, the digest is theirs, the scan runs. */
class ContextUploadTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private HttpServer server;
    private volatile Future<ContextUpload.Received> received;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            request.pause();
            received = ContextUpload.receive(vertx, request, dir.resolve(UUID.randomUUID() + ".tar"),
                    Set.of("Dockerfile"), 1L << 30);
            received.onComplete(r -> request.response().setStatusCode(r.succeeded() ? 200 : 400)
                    .end(r.succeeded() ? "" : r.cause().getMessage()));
        }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLargeContextIsSpooledHashedAndScannedAsItArrives() throws Exception {
        byte[] big = new byte[24 << 20]; // more than the pause threshold: the client is paused and resumed
        new Random(7).nextBytes(big);
        byte[] tar = tar("Dockerfile", "FROM busybox\n".getBytes(StandardCharsets.UTF_8), "big.bin", big);
        assertEquals(200, post(tar).statusCode());
        ContextUpload.Received done = received.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(tar, Files.readAllBytes(done.spool()));
        assertEquals(sha256(tar), done.scan().digest());
        assertEquals("FROM busybox\n", new String(done.scan().file("Dockerfile"), StandardCharsets.UTF_8));
        assertTrue(done.scan().plain());
    }

    @Test
    void aCompressedContextKeepsTheBytesAsSent() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar("Dockerfile", "FROM a\n".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(200, post(gz.toByteArray()).statusCode());
        ContextUpload.Received done = received.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(sha256(gz.toByteArray()), done.scan().digest());
        assertEquals("FROM a\n", new String(done.scan().file("Dockerfile"), StandardCharsets.UTF_8));
    }

    @Test
    void aBodyThatIsNotATarIsReadToItsEndThenRefused() throws Exception {
        byte[] junk = new byte[6 << 20];
        new Random(1).nextBytes(junk);
        HttpResponse<String> response = post(junk);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("not a valid tar archive"), response.body());
    }

    private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + "/build"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] tar(Object... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                byte[] content = (byte[]) entries[i + 1];
                TarArchiveEntry entry = new TarArchiveEntry((String) entries[i]);
                entry.setSize(content.length);
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
