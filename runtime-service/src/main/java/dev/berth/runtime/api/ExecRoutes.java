package dev.berth.runtime.api;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
import dev.berth.common.http.Hijack;
import dev.berth.runtime.attach.PipeRelay;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.service.AttachHub;
import dev.berth.runtime.service.Contexts;
import dev.berth.runtime.service.ExecService;
import dev.berth.runtime.spec.ExecRequestParser;
import dev.berth.runtime.spec.ExecStartRequest;
import dev.berth.runtime.spec.StoredSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@code POST /exec/{id}/start}: detached, an ordinary request; otherwise a hijacked connection like attach (the
 * JSON body comes before the upgrade). conmon's attach socket is connected before runc exec runs, so no output is
 * lost, and the connection ends only once the exit code is recorded (the docker CLI inspects the exec right after).
 */
@ApplicationScoped
public class ExecRoutes {
    private static final Logger LOG = Logger.getLogger(ExecRoutes.class.getName());

    @Inject
    ExecService execs;
    @Inject
    AttachHub hub;
    @Inject
    NodePaths paths;
    @Inject
    Vertx vertx;

    void routes(@Observes Router router) {
        router.post("/exec/:id/start").order(Integer.MIN_VALUE).handler(this::start);
    }

    private void start(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String id = rc.pathParam("id");
        HttpServerResponse response = rc.response();
        io.vertx.core.Future<Buffer> bodyRead = request.isEnded() ? io.vertx.core.Future.succeededFuture(Buffer.buffer())
                : request.body();
        if (!request.isEnded()) {
            request.resume(); // Vert.x Web pauses requests for the body handler, which runs after this route
        }
        bodyRead.onComplete(read -> {
            ExecStartRequest body;
            try {
                String text = read.succeeded() && read.result() != null ? read.result().toString(StandardCharsets.UTF_8) : "";
                body = ExecRequestParser.start(text.isBlank() ? ContainerViews.JSON.createObjectNode()
                        : ContainerViews.JSON.readTree(text));
            } catch (BerthException e) {
                StreamRoutes.fail(response, e);
                return;
            } catch (Exception e) {
                StreamRoutes.fail(response, BerthException.invalid("invalid JSON: " + e.getMessage()));
                return;
            }
            boolean detach = body.detach();
            boolean startTty = body.tty();
            int height = body.height();
            int width = body.width();
            Contexts.onSafeContext(vertx, () -> execs.claim(id)).subscribe().with(claimed -> {
                if (detach) {
                    startDetached(claimed, height, width, response);
                } else {
                    startAttached(claimed, height, width, request, Hijack.requested(request), startTty);
                }
            }, failure -> StreamRoutes.fail(response, failure));
        });
    }

    private void startDetached(ExecService.Claimed claimed, int height, int width, HttpServerResponse response) {
        ExecService.Exec e = claimed.exec();
        StoredSettings config = claimed.settings();
        vertx.executeBlocking(() -> execs.launch(e, height, width, () -> { }, config, claimed.recorded()), false)
                .onComplete(done -> {
                    if (done.failed()) {
                        e.running = false;
                        StreamRoutes.fail(response, BerthException.internal("cannot start the exec: "
                                + done.cause().getMessage(), done.cause()));
                        return;
                    }
                    response.setStatusCode(200).putHeader("Content-Type", "application/json").end();
                });
    }

    /**
     * As dockerd's postContainerExecStart, the start request's {@code Tty} (not the exec's) decides the framing: raw
     * output with it (and no stderr when the exec itself has no TTY), 8-byte frame headers without it; the header
     * says multiplexed only for an upgraded connection without Tty (without upgrade it always says raw).
     */
    private void startAttached(ExecService.Claimed claimed, int height, int width, HttpServerRequest request,
            boolean upgrade, boolean startTty) {
        ExecService.Exec e = claimed.exec();
        StoredSettings config = claimed.settings();
        request.response().putHeader("Content-Type", upgrade && !startTty ? StreamRoutes.MULTIPLEXED : StreamRoutes.RAW);
        boolean stdin = upgrade && e.stdin;
        (upgrade ? Hijack.upgrade(request) : Hijack.streamUntilClose(request)).onComplete(upgraded -> {
            if (upgraded.failed()) {
                e.running = false;
                StreamRoutes.fail(request.response(), BerthException.invalid(upgraded.cause().getMessage()));
                return;
            }
            NetSocket client = upgraded.result();
            if (ExecService.direct(e, stdin)) {
                startDirect(claimed, client, new PipeRelay.Streams(startTty, e.stdout, e.stderr && !startTty));
                return;
            }
            AttachHub.Session session = new AttachHub.Session(e.id, client, startTty, e.stdout,
                    e.stderr && (e.tty || !startTty), stdin);
            if (e.tty && stdin) {
                // dockerd scans an interactive TTY exec's stdin for its detach keys (ctrl-p,ctrl-q unless given)
                session.detachKeys = new dev.berth.runtime.attach.DetachKeys.Scanner(
                        dev.berth.runtime.service.ExecService.detachKeysOf(e));
                session.onDetach = () -> execs.detached(e);
            }
            Hijack.onInputShutdown(client, () -> hub.inputEnded(session));
            hub.hold(session);
            AFUNIXDatagramSocket[] socket = new AFUNIXDatagramSocket[1];
            vertx.executeBlocking(() -> execs.launch(e, height, width, () -> {
                AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
                s.connect(AFUNIXSocketAddress.of(paths.attachSocket(e.id)));
                socket[0] = s;
            }, config, claimed.recorded()), false).onComplete(launched -> {
                if (launched.failed() || socket[0] == null) {
                    closeQuietly(socket[0]);
                    failedStart(e, client, startTty,
                            launched.failed() ? launched.cause() : new IllegalStateException("no attach socket"));
                    return;
                }
                CompletableFuture<Void> ended = launched.result().handle((code, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        client.write(StreamRoutes.frame(startTty, 1, "OCI runtime exec failed: " + cause.getMessage()
                                + ": unknown\r\n"));
                    }
                    return null;
                });
                session.endAfter(ended);
                hub.bridge(session, socket[0]);
            });
        });
    }

    /** An exec without stdin or TTY: runc exec as our child, its pipes relayed to the client (no conmon). */
    private void startDirect(ExecService.Claimed claimed, NetSocket client, PipeRelay.Streams streams) {
        ExecService.Exec e = claimed.exec();
        StoredSettings config = claimed.settings();
        SocketClient relayed = new SocketClient(client); // at once: the docker CLI half-closes right after the 101
        vertx.executeBlocking(() -> execs.launchDirect(e, config, claimed.recorded()), false).onComplete(launched -> {
            if (launched.failed()) {
                failedStart(e, client, streams.raw(), launched.cause());
                return;
            }
            ExecService.Direct direct = launched.result();
            new PipeRelay(relayed, streams, direct.running()::started, direct.exit(),
                    cause -> "OCI runtime exec failed: " + cause.getMessage() + ": unknown\r\n")
                    .relay(direct.running().process().stdout(), direct.running().process().stderr());
        });
    }

    /** The exec could not be launched at all: 126 unless known, and the reason on the client's stream. */
    private static void failedStart(ExecService.Exec e, NetSocket client, boolean raw, Throwable cause) {
        LOG.log(Level.WARNING, "exec " + e.id + " failed to start", cause);
        e.running = false;
        if (e.exitCode == null) {
            e.exitCode = 126;
        }
        client.write(StreamRoutes.frame(raw, 1, cause.getMessage() + "\r\n"));
        client.end();
    }

    /** A hijacked connection as the relay's client; it counts as gone once closed. */
    private static final class SocketClient implements PipeRelay.Client {
        private final NetSocket socket;
        private volatile boolean closed;

        SocketClient(NetSocket socket) {
            this.socket = socket;
            socket.closeHandler(v -> closed = true);
            socket.handler(ignored -> { }); // no stdin: whatever the client sends is dropped
            Hijack.onInputShutdown(socket, () -> { }); // the docker CLI half-closes at once: output still goes
        }

        @Override
        public void write(byte[] bytes) {
            socket.write(Buffer.buffer(bytes));
        }

        @Override
        public boolean writeQueueFull() {
            return socket.writeQueueFull();
        }

        @Override
        public boolean closed() {
            return closed;
        }

        @Override
        public void end() {
            socket.end();
        }
    }

    private static void closeQuietly(AFUNIXDatagramSocket socket) {
        if (socket != null) {
            socket.close();
        }
    }
}
