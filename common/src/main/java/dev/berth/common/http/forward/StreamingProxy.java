package dev.berth.common.http.forward;

import dev.berth.common.errors.DockerErrors;
import dev.berth.common.http.ServiceToken;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Forwards a plain (non-hijacked) request to its owning service and streams the answer back: bodies flow both
 * ways without buffering, so image loads, logs -f, wait and progress streams behave as with dockerd.
 */
public final class StreamingProxy {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
            "proxy-connection", "te", "trailer", "host", "content-length",
            ServiceToken.HEADER.toLowerCase());

    private final HttpClient client;

    public StreamingProxy(HttpClient client) {
        this.client = client;
    }

    public void forward(HttpServerRequest request, String path, Upstream upstream) {
        forward(request, path, upstream, failure -> {
            request.resume();
            DockerErrors.write(request.response(), 503, "the service behind " + firstSegment(path)
                    + " is not reachable: " + failure.getMessage());
        });
    }

    /**
     * {@code unreachable}: what to do instead when the request could not be sent (the connection failed, nothing was
     * read of the request's body nor written to its response; the request is still paused).
     */
    public void forward(HttpServerRequest request, String path, Upstream upstream,
            Handler<Throwable> unreachable) {
        forward(request, path, upstream, unreachable, 0);
    }

    /**
     * As above, and the exchange fails (503) when the service sends nothing for {@code idleMillis} (0: never): for
     * short calls to a peer that may have gone silent (a partitioned node), not for streams that wait (logs -f, wait).
     */
    public void forward(HttpServerRequest request, String path, Upstream upstream,
            Handler<Throwable> unreachable, long idleMillis) {
        request.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.tls())
                .setURI(request.query() == null ? path : path + "?" + request.query())
                .setIdleTimeout(idleMillis);
        request.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        options.putHeader(ServiceToken.HEADER, ServiceToken.value());
        String length = request.getHeader("Content-Length");
        if (length != null) {
            options.putHeader("Content-Length", length);
        }
        HttpServerResponse response = request.response();
        // the client may go away at any point: before the service answers (a wait, a pull), or mid-stream (logs -f,
        // events, stats); either way the upstream exchange is aborted (its connection closed, never handed back to
        // the pool half-read), and nothing more is written to the response
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        AtomicBoolean bodySent = new AtomicBoolean();
        response.closeHandler(closed -> {
            HttpClientRequest upstreamRequest = inFlight.getAndSet(null);
            if (upstreamRequest != null) {
                abort(upstreamRequest);
            }
        });
        client.request(options)
                .compose(upstreamRequest -> {
                    if (response.closed()) {
                        abort(upstreamRequest);
                        return Future.failedFuture("the client went away");
                    }
                    inFlight.set(upstreamRequest);
                    boolean chunked = length == null && isChunked(request);
                    if (chunked) {
                        upstreamRequest.setChunked(true);
                    } else if (length == null) {
                        upstreamRequest.putHeader("Content-Length", "0"); // no body: a GET, a bodiless POST
                    }
                    // the head goes out before any of the body, so the service can refuse a bad query at once, as
                    // dockerd does, instead of once the client has sent its body (a build context, an archive)
                    upstreamRequest.sendHead();
                    Future<Void> body = chunked
                            ? CoalescingBody.send(request, upstreamRequest)
                            : request.pipe().endOnFailure(false).to(upstreamRequest);
                    // a body cut short (the client went away) must not end the service's request as if it were whole:
                    // its connection would go back to the pool expecting the rest
                    body.onComplete(sent -> {
                        if (sent.succeeded()) {
                            bodySent.set(true);
                        } else {
                            abort(upstreamRequest);
                        }
                    });
                    return upstreamRequest.response();
                })
                .onSuccess(upstreamResponse -> relay(upstreamResponse, response, inFlight, bodySent))
                .onFailure(failure -> {
                    boolean sent = inFlight.getAndSet(null) != null;
                    if (response.closed() || response.ended()) {
                        request.resume();
                    } else if (sent) {
                        request.resume();
                        DockerErrors.write(response, 503, "the service behind " + firstSegment(path)
                                + " is not reachable: " + failure.getMessage());
                    } else {
                        unreachable.handle(failure);
                    }
                });
    }

    /**
     * Ends an upstream exchange the client no longer wants: its connection is closed (an HTTP/1.1 connection carries
     * one exchange at a time, so no other request is hurt), which ends a follow stream or a wait on the service side.
     */
    private static void abort(HttpClientRequest upstreamRequest) {
        upstreamRequest.reset();
        upstreamRequest.connection().close();
    }

    private static boolean isChunked(HttpServerRequest request) {
        String te = request.getHeader("Transfer-Encoding");
        return te != null && te.toLowerCase().contains("chunked");
    }

    /**
     * Relays the service's answer. An answer that comes before the whole request body went to the service (a query
     * refused at once) ends both connections afterwards, as Go's server closes one whose body it did not read: the
     * service's is in the middle of a request, and the client's in the middle of its body.
     */
    private static void relay(HttpClientResponse upstream, HttpServerResponse response,
            AtomicReference<HttpClientRequest> inFlight, AtomicBoolean bodySent) {
        if (response.closed()) {
            inFlight.set(null);
            abort(upstream.request());
            return;
        }
        upstream.pause();
        response.setStatusCode(upstream.statusCode());
        upstream.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                response.headers().add(h.getKey(), h.getValue());
            }
        });
        String length = upstream.getHeader("Content-Length");
        if (length != null) {
            response.putHeader("Content-Length", length);
        } else {
            response.setChunked(true);
        }
        boolean early = !bodySent.get();
        if (early) {
            response.putHeader("Connection", "close");
        }
        // headers go out now, as dockerd flushes them: `docker run` waits for wait's headers before it starts
        response.writeHead();
        upstream.handler(chunk -> {
            if (response.closed() || response.ended()) {
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(v -> upstream.resume());
            }
        });
        upstream.endHandler(v -> {
            inFlight.set(null);
            if (early && !bodySent.get()) {
                abort(upstream.request());
            }
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        });
        // the service failed after the head went out: no error body can follow, the client sees the stream cut
        upstream.exceptionHandler(failure -> {
            inFlight.set(null);
            if (!response.closed() && !response.ended()) {
                response.reset();
            }
        });
        upstream.resume();
    }

    private static String firstSegment(String path) {
        String[] parts = path.split("/");
        return parts.length > 1 ? "/" + parts[1] : path;
    }
}
