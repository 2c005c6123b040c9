package dev.berth.gateway;

import dev.berth.common.http.forward.Upstream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting a service on demand with real commands and a real listener: the command runs only when nothing listens,
 * once for requests that wait together, and its failures become 503s that say why.
 */
class OnDemandServiceTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private int port;
    private Upstream upstream;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        upstream = new Upstream("127.0.0.1", port, false);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutCommandIsReadyWithoutProbing() throws Exception {
        OnDemandService service = new OnDemandService(vertx, Map.of(), Duration.ofSeconds(5));
        await(service.ready(Owner.BUILD, upstream)); // nothing listens, and it does not matter
        await(new OnDemandService(vertx, Map.of(Owner.BUILD, ""), Duration.ofSeconds(5)).ready(Owner.BUILD, upstream));
    }

    @Test
    void listeningServiceIsNotStartedAgain() throws Exception {
        listen();
        Path marker = dir.resolve("ran");
        OnDemandService service = service("touch " + marker, 5);
        await(service.ready(Owner.BUILD, upstream));
        assertFalse(Files.exists(marker), "the start command ran although the service listened");
    }

    @Test
    void commandRunsOnceForRequestsThatWaitTogether() throws Exception {
        Path runs = dir.resolve("runs");
        Path go = dir.resolve("go");
        // the command waits until both requests asked, counts its runs, and returns once the service listens
        String command = "while [ ! -e " + go + " ]; do sleep 0.05; done; echo run >> " + runs
                + "; touch " + dir.resolve("listen") + "; while [ ! -e " + dir.resolve("listening") + " ]; do sleep 0.05;"
                + " done";
        vertx.setPeriodic(50, id -> {
            if (Files.exists(dir.resolve("listen"))) {
                vertx.cancelTimer(id);
                vertx.createNetServer().connectHandler(socket -> socket.close()).listen(port, "127.0.0.1")
                        .onSuccess(server -> touch(dir.resolve("listening")));
            }
        });
        OnDemandService service = service(command, 20);
        Future<Void> first = service.ready(Owner.BUILD, upstream);
        Future<Void> second = service.ready(Owner.BUILD, upstream);
        Thread.sleep(300); // both probes found nothing listening and wait on the one start
        touch(go);
        await(first);
        await(second);
        assertEquals(1, Files.readAllLines(runs).size(), "runs of the start command");
    }

    @Test
    void failingCommandIsA503WithItsOutput() {
        OnDemandService service = service("echo no database here >&2; exit 3", 5);
        BerthException e = failure(service.ready(Owner.BUILD, upstream));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("build-service could not be started"), e.getMessage());
        assertTrue(e.getMessage().contains("exited with 3: no database here"), e.getMessage());
    }

    @Test
    void commandThatStartsNothingIsA503() {
        BerthException e = failure(service("true", 5).ready(Owner.BUILD, upstream));
        assertTrue(e.getMessage().contains("nothing listens on port " + port), e.getMessage());
    }

    @Test
    void commandThatHangsIsStoppedAtTheTimeout() {
        long t0 = System.nanoTime();
        BerthException e = failure(service("sleep 60", 1).ready(Owner.BUILD, upstream));
        assertTrue(e.getMessage().contains("not ready after 1 s"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "waited far beyond the timeout");
    }

    private OnDemandService service(String command, int timeoutSeconds) {
        return new OnDemandService(vertx, Map.of(Owner.BUILD, command), Duration.ofSeconds(timeoutSeconds));
    }

    private void listen() throws Exception {
        NetServer server = vertx.createNetServer().connectHandler(socket -> socket.close());
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(Future<Void> future) throws Exception {
        future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static BerthException failure(Future<Void> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        return assertInstanceOf(BerthException.class, e.getCause());
    }
}
