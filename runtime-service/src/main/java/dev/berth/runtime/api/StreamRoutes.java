package dev.berth.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.node.LogReader;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.service.AttachHub;
import dev.berth.runtime.service.ContainerNode;
import dev.berth.runtime.service.ContainerService;
import dev.berth.runtime.service.Contexts;
import dev.berth.runtime.service.Waiters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import dev.berth.common.http.Hijack;
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
import java.util.ArrayDeque;
import java.util.Deque;
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
    ContainerService service;
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
        Contexts.onSafeContext(vertx, () -> service.waitFor(ref, condition)).subscribe().with(future -> {
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

    private void attach(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String ref = rc.pathParam("id");
        boolean stdin = truthy(request.getParam("stdin"));
        boolean stdout = truthy(request.getParam("stdout"));
        boolean stderr = truthy(request.getParam("stderr"));
        HttpServerResponse response = rc.response();
        byte[] detachKeys;
        try {
            detachKeys = dev.berth.runtime.attach.DetachKeys.parse(request.getParam("detachKeys"));
        } catch (BerthException e) {
            fail(response, e);
            return;
        }
        Contexts.onSafeContext(vertx, () -> service.find(ref)).subscribe().with(c -> {
            JsonNode config = ContainerViews.tree(c.config);
            boolean tty = config.path("Tty").asBoolean(false);
            boolean openStdin = config.path("OpenStdin").asBoolean(false);
            String id = c.id;
            if (c.isRunning() && !service.isStarting(id)) {
                vertx.<AFUNIXDatagramSocket>executeBlocking(() -> hub.open(id), false).onComplete(opened -> {
                    if (opened.failed()) {
                        // the container is exiting: nothing left to attach to
                        fail(response, BerthException.conflict("container " + id + " is not running: "
                                + opened.cause().getMessage()));
                        return;
                    }
                    upgrade(request, tty).onComplete(ns -> {
                        if (ns.failed()) {
                            opened.result().close();
                            fail(response, BerthException.invalid(ns.cause().getMessage()));
                            return;
                        }
                        AttachHub.Session session = new AttachHub.Session(id, ns.result(), tty, stdout, stderr,
                                stdin && openStdin);
                        Hijack.onInputShutdown(ns.result(), () -> {
                            hub.inputEnded(session);
                            if (tty && session.stdin) {
                                hub.reportDetach(session); // the docker CLI detached (it swallows the keys itself)
                            }
                        });
                        detachable(session, tty, detachKeys);
                        hub.bridge(session, opened.result());
                        ns.result().resume();
                    });
                });
            } else {
                upgrade(request, tty).onComplete(ns -> {
                    if (ns.failed()) {
                        fail(response, BerthException.invalid(ns.cause().getMessage()));
                        return;
                    }
                    AttachHub.Session session = new AttachHub.Session(id, ns.result(), tty, stdout, stderr,
                            stdin && openStdin);
                    Hijack.onInputShutdown(ns.result(), () -> {
                            hub.inputEnded(session);
                            if (tty && session.stdin) {
                                hub.reportDetach(session); // the docker CLI detached (it swallows the keys itself)
                            }
                        });
                    detachable(session, tty, detachKeys);
                    hub.park(session);
                });
            }
            Contexts.onSafeContext(vertx, () -> service.attached(id)).subscribe().with(x -> { },
                    f -> LOG.log(Level.FINE, "attach event", f));
        }, failure -> fail(response, failure));
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
        session.onDetach = () -> Contexts.onSafeContext(vertx, () -> service.recordEvent(id, "detach", Map.of()))
                .subscribe().with(x -> { }, f -> LOG.log(Level.FINE, "detach event", f));
    }

    /**
     * Answers {@code HTTP/1.1 101 Switching Protocols} with Docker's headers and takes the connection (see
     * {@link Hijack}: Docker upgrades a POST, which Vert.x's own {@code toNetSocket()} refuses).
     */
    private Future<NetSocket> upgrade(HttpServerRequest request, boolean tty) {
        if (!Hijack.requested(request)) {
            return Future.failedFuture("attach needs an HTTP upgrade (Connection: Upgrade, Upgrade: tcp)");
        }
        request.response().putHeader("Content-Type", tty ? RAW : MULTIPLEXED);
        return Hijack.upgrade(request);
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
            since = LogReader.parseUnixTime(request.getParam("since"));
            until = LogReader.parseUnixTime(request.getParam("until"));
        } catch (RuntimeException e) {
            fail(response, BerthException.invalid("invalid since/until: " + e.getMessage()));
            return;
        }
        int tail = tailParam == null || tailParam.isEmpty() || tailParam.equals("all") ? -1 : parseInt(tailParam);
        Contexts.onSafeContext(vertx, () -> service.find(ref)).subscribe().with(c -> {
            boolean tty = ContainerViews.tree(c.config).path("Tty").asBoolean(false);
            response.setStatusCode(200).putHeader("Content-Type", tty ? RAW : MULTIPLEXED).setChunked(true);
            response.writeHead();
            boolean[] closed = {false};
            response.closeHandler(v -> closed[0] = true);
            Path log = paths.bundle(c.id).resolve("ctr.log");
            String id = c.id;
            vertx.executeBlocking(() -> {
                streamLog(id, log, response, tty, stdout, stderr, follow, timestamps, tail, since, until, closed);
                return null;
            }, false).onComplete(done -> {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            });
        }, failure -> fail(response, failure));
    }

    private void streamLog(String id, Path log, HttpServerResponse response, boolean tty, boolean stdout,
            boolean stderr, boolean follow, boolean timestamps, int tail, Instant since, Instant until,
            boolean[] closed) throws IOException, InterruptedException {
        dev.berth.runtime.logs.RotatedLog.Cursor cursor = new dev.berth.runtime.logs.RotatedLog.Cursor(log.getParent());
        Deque<LogReader.Entry> tailBuffer = new ArrayDeque<>();
        StringBuilder carry = new StringBuilder();
        boolean first = true;
        while (!closed[0]) {
            byte[] chunk = cursor.readMore(4 * 1024 * 1024);
            carry.append(new String(chunk, StandardCharsets.UTF_8));
            int nl;
            while ((nl = carry.indexOf("\n")) >= 0) {
                String line = carry.substring(0, nl);
                carry.delete(0, nl + 1);
                LogReader.Entry e = LogReader.parse(line);
                if (e == null || (e.stream() == 1 && !stdout) || (e.stream() == 2 && !stderr)) {
                    continue;
                }
                if ((since != null && e.time().isBefore(since)) || (until != null && e.time().isAfter(until))) {
                    continue;
                }
                if (first && tail >= 0) {
                    tailBuffer.add(e);
                    if (tailBuffer.size() > tail) {
                        tailBuffer.poll();
                    }
                } else {
                    write(response, e, tty, timestamps);
                }
            }
            if (chunk.length > 0) {
                continue; // more to read (the next rotated file, or more of this one) before the tail is known
            }
            if (first) {
                first = false;
                for (LogReader.Entry e : tailBuffer) {
                    write(response, e, tty, timestamps);
                }
                tailBuffer.clear();
            }
            if (!follow || (chunk.length == 0 && !node.conmonAlive(id) && !service.isStarting(id))) {
                if (follow && chunk.length == 0) {
                    break;
                }
                if (!follow) {
                    break;
                }
            }
            if (chunk.length == 0) {
                Thread.sleep(100);
            }
        }
    }

    private static void write(HttpServerResponse response, LogReader.Entry e, boolean tty, boolean timestamps) {
        String text = (timestamps ? e.timestamp() + " " : "") + e.text();
        response.write(frame(tty, e.stream(), text));
    }

    /** Docker's stream framing: raw with a TTY, else an 8-byte header (stream, 0, 0, 0, big-endian length). */
    static Buffer frame(boolean tty, int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return tty ? Buffer.buffer(payload) : Buffer.buffer(8 + payload.length)
                .appendByte((byte) stream).appendByte((byte) 0).appendByte((byte) 0).appendByte((byte) 0)
                .appendInt(payload.length).appendBytes(payload);
    }

    // ---------------------------------------------------------------- helpers

    static void fail(HttpServerResponse response, Throwable thrown) {
        Throwable failure = Contexts.unwrap(thrown);
        if (response.headWritten()) {
            response.reset();
            return;
        }
        int status = DockerError.statusOf(failure);
        if (status >= 500) {
            LOG.log(Level.WARNING, "request failed", failure);
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"message\":" + quote(DockerError.of(failure).message()) + "}\n");
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
