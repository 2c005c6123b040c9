package dev.berth.runtime.api;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerErrorRoutes;
import dev.berth.common.http.Hijack;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.lifecycle.InFlight;
import dev.berth.runtime.lifecycle.WaitContainer;
import dev.berth.runtime.logs.LogQuery;
import dev.berth.runtime.logs.LogStreamer;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.service.AttachHub;
import dev.berth.runtime.service.ContainerNode;
import dev.berth.runtime.service.Contexts;
import dev.berth.runtime.service.Waiters;
import dev.berth.runtime.spec.StoredSettings;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import io.vertx.core.Future;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.newsclub.net.unix.AFUNIXDatagramSocket;

/**
 * The streaming endpoints, at the Vert.x level: attach (HTTP upgrade, hijacked connection), wait (headers at once,
 * body at the exit, as dockerd does: the docker CLI waits for the headers before it starts the container) and logs.
 */
@ApplicationScoped
public class StreamRoutes {
    private static final Logger LOG = Logger.getLogger(StreamRoutes.class.getName());
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    static final String RAW = "application/vnd.docker.raw-stream";

    @Inject
    ContainerEvents events;
    @Inject
    ContainerLookup lookup;
    @Inject
    InFlight inFlight;
    @Inject
    WaitContainer waits;
    @Inject
    ContainerNode node;
    @Inject
    AttachHub hub;
    @Inject
    Waiters waiters;
    @Inject
    NodePaths paths;
    @Inject
    Vertx vertx;

    /**
     * Registered before Quarkus's body handler (order MIN_VALUE+1): with a {@code Content-Type} (the docker CLI sends
     * text/plain on attach) the body handler waits for a request end that an upgraded connection never delivers.
     */
    void routes(@Observes Router router) {
        // the gateway strips /v1.xx; accept it here too, so that `docker -H tcp://127.0.0.1:7103` works directly
        router.routeWithRegex("^/v[0-9]+\\.[0-9]+/.*").order(Integer.MIN_VALUE).handler(rc -> {
            String path = rc.request().path();
            String rest = path.substring(path.indexOf('/', 1));
            String query = rc.request().query();
            rc.reroute(query == null ? rest : rest + "?" + query);
        });
        // for direct use without the gateway (which answers /_ping itself)
        router.route("/_ping").order(Integer.MIN_VALUE).handler(rc -> rc.response()
                .putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Api-Version", "1.51")
                .putHeader("OSType", "linux").end(rc.request().method() == io.vertx.core.http.HttpMethod.HEAD ? "" : "OK"));
        router.post("/containers/:id/attach").order(Integer.MIN_VALUE).handler(this::attach);
        router.post("/containers/:id/wait").order(Integer.MIN_VALUE).handler(this::waitExit);
        router.get("/containers/:id/logs").order(Integer.MIN_VALUE).handler(this::logs);
    }

    // ---------------------------------------------------------------- wait

    private void waitExit(RoutingContext rc) {
        String ref = rc.pathParam("id");
        String condition = rc.request().getParam("condition");
        HttpServerResponse response = rc.response();
        Contexts.onSafeContext(vertx, () -> waits.waitFor(ref, condition)).subscribe().with(future -> {
            response.setStatusCode(200).putHeader("Content-Type", "application/json").setChunked(true);
            response.writeHead();
            response.closeHandler(v -> future.cancel(false));
            future.whenComplete((code, failure) -> {
                if (future.isCancelled() || response.ended() || response.closed()) {
                    return;
                }
                String body = failure == null ? "{\"StatusCode\":" + code + ",\"Error\":null}\n"
                        : "{\"StatusCode\":-1,\"Error\":{\"Message\":" + quote(failure.getMessage()) + "}}\n";
                response.end(body);
            });
        }, failure -> fail(response, failure));
    }

    // ---------------------------------------------------------------- attach

    /**
     * As dockerd's postContainersAttach: the connection is taken over either way, with {@code 101} when the client
     * asked for an upgrade and {@code 200} (body until the connection closes) when it did not (docker-java without
     * stdin). {@code logs=1} writes the container's log first; {@code stream=1} then bridges the live output (a
     * stopped container's session waits for its start); without {@code stream} the connection ends after the logs.
     */
    private void attach(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String ref = rc.pathParam("id");
        boolean upgrade = Hijack.requested(request);
        boolean stdin = upgrade && truthy(request.getParam("stdin"));
        boolean stdout = truthy(request.getParam("stdout"));
        boolean stderr = truthy(request.getParam("stderr"));
        boolean logs = truthy(request.getParam("logs"));
        boolean stream = truthy(request.getParam("stream"));
        HttpServerResponse response = rc.response();
        byte[] detachKeys;
        try {
            detachKeys = dev.berth.runtime.attach.DetachKeys.parse(request.getParam("detachKeys"));
        } catch (BerthException e) {
            fail(response, e);
            return;
        }
        Contexts.onSafeContext(vertx, () -> lookup.find(ref)).subscribe().with(c -> {
            StoredSettings settings = c.settings();
            boolean tty = settings.tty();
            boolean openStdin = settings.openStdin();
            String id = c.id;
            Path log = paths.bundle(id).resolve("ctr.log");
            if (stream && c.isRunning() && !inFlight.isStarting(id)) {
                vertx.<AFUNIXDatagramSocket>executeBlocking(() -> hub.open(id), false).onComplete(opened -> {
                    if (opened.failed()) {
                        // the container is exiting: nothing left to attach to
                        fail(response, BerthException.conflict("container " + id + " is not running: "
                                + opened.cause().getMessage()));
                        return;
                    }
                    takeOver(request, tty, upgrade).onComplete(ns -> {
                        if (ns.failed()) {
                            opened.result().close();
                            fail(response, BerthException.invalid(ns.cause().getMessage()));
                            return;
                        }
                        AttachHub.Session session = session(id, ns.result(), tty, stdout, stderr,
                                stdin && openStdin, detachKeys);
                        writeLogs(logs, id, log, ns.result(), tty, stdout, stderr).onComplete(written -> {
                            hub.bridge(session, opened.result());
                            ns.result().resume();
                        });
                    });
                });
            } else {
                takeOver(request, tty, upgrade).onComplete(ns -> {
                    if (ns.failed()) {
                        fail(response, BerthException.invalid(ns.cause().getMessage()));
                        return;
                    }
                    NetSocket client = ns.result();
                    if (!stream) {
                        client.handler(b -> { });
                        writeLogs(logs, id, log, client, tty, stdout, stderr).onComplete(written -> client.end());
                        return;
                    }
                    AttachHub.Session session = session(id, client, tty, stdout, stderr, stdin && openStdin,
                            detachKeys);
                    writeLogs(logs, id, log, client, tty, stdout, stderr).onComplete(written -> hub.park(session));
                });
            }
            Contexts.onSafeContext(vertx, () -> events.record(id, "attach", Map.of())).subscribe().with(x -> { },
                    f -> LOG.log(Level.FINE, "attach event", f));
        }, failure -> fail(response, failure));
    }

    private AttachHub.Session session(String id, NetSocket client, boolean tty, boolean stdout, boolean stderr,
            boolean stdin, byte[] detachKeys) {
        AttachHub.Session session = new AttachHub.Session(id, client, tty, stdout, stderr, stdin);
        Hijack.onInputShutdown(client, () -> {
            hub.inputEnded(session);
            if (tty && session.stdin) {
                hub.reportDetach(session); // the docker CLI detached (it swallows the keys itself)
            }
        });
        detachable(session, tty, detachKeys);
        return session;
    }

    /** attach's {@code logs=1}: the container's log so far, framed as the live output, written to the connection. */
    private Future<Void> writeLogs(boolean logs, String id, Path log, NetSocket client, boolean tty, boolean stdout,
            boolean stderr) {
        if (!logs || (!stdout && !stderr)) {
            return Future.succeededFuture();
        }
        dev.berth.runtime.logs.StreamSink sink = new dev.berth.runtime.logs.StreamSink(client);
        client.closeHandler(v -> sink.markClosed()); // replaced by the session's own once it is bridged or parked
        return vertx.<Void>executeBlocking(() -> {
            LogStreamer.stream(log.getParent(), LogQuery.everything(stdout, stderr), tty, sink, () -> false);
            return null;
        }, false).recover(failure -> {
            LOG.log(Level.FINE, "attach logs of " + id, failure);
            return Future.succeededFuture();
        });
    }

    /**
     * With a TTY and stdin, the detach keys end the session (the container keeps running, its stdin open); a client
     * that goes away while the container runs has detached too. Both give a {@code detach} event.
     */
    private void detachable(AttachHub.Session session, boolean tty, byte[] keys) {
        if (tty && session.stdin) {
            session.detachKeys = new dev.berth.runtime.attach.DetachKeys.Scanner(keys);
        }
        String id = session.id;
        session.onDetach = () -> Contexts.onSafeContext(vertx, () -> events.record(id, "detach", Map.of()))
                .subscribe().with(x -> { }, f -> LOG.log(Level.FINE, "detach event", f));
    }

    /**
     * Takes the connection with Docker's headers: {@code 101 Switching Protocols} when the client asked for an
     * upgrade, else {@code 200} with a body that ends when the connection closes (see {@link Hijack}).
     */
    private Future<NetSocket> takeOver(HttpServerRequest request, boolean tty, boolean upgrade) {
        request.response().putHeader("Content-Type", tty ? RAW : MULTIPLEXED);
        return upgrade ? Hijack.upgrade(request) : Hijack.streamUntilClose(request);
    }

    // ---------------------------------------------------------------- logs

    private void logs(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String ref = rc.pathParam("id");
        boolean stdout = truthy(request.getParam("stdout"));
        boolean stderr = truthy(request.getParam("stderr"));
        boolean follow = truthy(request.getParam("follow"));
        boolean timestamps = truthy(request.getParam("timestamps"));
        String tailParam = request.getParam("tail");
        HttpServerResponse response = rc.response();
        if (!stdout && !stderr) {
            fail(response, BerthException.invalid("Bad parameters: you must choose at least one stream"));
            return;
        }
        Instant since;
        Instant until;
        try {
            since = LogQuery.parseUnixTime(request.getParam("since"));
            until = LogQuery.parseUnixTime(request.getParam("until"));
        } catch (RuntimeException e) {
            fail(response, BerthException.invalid("invalid since/until: " + e.getMessage()));
            return;
        }
        int tail = tailParam == null || tailParam.isEmpty() || tailParam.equals("all") ? -1 : parseInt(tailParam);
        LogQuery query = new LogQuery(stdout, stderr, follow, timestamps, tail, since, until);
        Contexts.onSafeContext(vertx, () -> lookup.find(ref)).subscribe().with(c -> {
            StoredSettings settings = c.settings();
            if (settings.logsDiscarded()) {
                fail(response, dev.berth.runtime.logs.LogOptions.readingNotSupported());
                return;
            }
            boolean tty = settings.tty();
            response.setStatusCode(200).putHeader("Content-Type", tty ? RAW : MULTIPLEXED).setChunked(true);
            response.writeHead();
            dev.berth.runtime.logs.StreamSink sink = new dev.berth.runtime.logs.StreamSink(response);
            response.closeHandler(v -> sink.markClosed());
            String id = c.id;
            vertx.executeBlocking(() -> {
                LogStreamer.stream(paths.bundle(id), query, tty, sink,
                        () -> node.conmonAlive(id) || inFlight.isStarting(id));
                return null;
            }, false).onComplete(done -> {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            });
        }, failure -> fail(response, failure));
    }

    /** Docker's stream framing: raw with a TTY, else an 8-byte header (stream, 0, 0, 0, big-endian length). */
    static Buffer frame(boolean tty, int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(tty ? payload : dev.berth.runtime.attach.StreamFrame.of(stream, payload, payload.length));
    }

    // ---------------------------------------------------------------- helpers

    static void fail(HttpServerResponse response, Throwable thrown) {
        DockerErrorRoutes.fail(response, Contexts.unwrap(thrown), LOG);
    }

    static boolean truthy(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String quote(String s) {
        try {
            return ContainerViews.JSON.writeValueAsString(s == null ? "" : s);
        } catch (Exception e) {
            return "\"\"";
        }
    }

}
