package dev.berth.gateway;

import dev.berth.common.http.ServiceToken;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Set;

/**
 * Forwards a plain (non-hijacked) request to its owning service and streams the answer back: bodies flow both
 * ways without buffering, so image loads, logs -f, wait and progress streams behave as with dockerd.
 */
final class StreamingProxy {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
            "proxy-connection", "te", "trailer", "host", "content-length",
            ServiceToken.HEADER.toLowerCase());

    private final HttpClient client;

    StreamingProxy(HttpClient client) {
        this.client = client;
    }

    void forward(HttpServerRequest request, String path, Upstream upstream) {
        request.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.tls())
                .setURI(request.query() == null ? path : path + "?" + request.query())
                .setIdleTimeout(0);
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
        client.request(options)
                .compose(upstreamRequest -> {
                    if (length == null && isChunked(request)) {
                        upstreamRequest.setChunked(true);
                    }
                    return upstreamRequest.send(request);
                })
                .onSuccess(upstreamResponse -> relay(upstreamResponse, response))
                .onFailure(failure -> {
                    request.resume();
                    DockerErrors.write(response, 503, "the service behind " + firstSegment(path)
                            + " is not reachable: " + failure.getMessage());
                });
    }

    private static boolean isChunked(HttpServerRequest request) {
        String te = request.getHeader("Transfer-Encoding");
        return te != null && te.toLowerCase().contains("chunked");
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse response) {
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
        response.closeHandler(closed -> upstream.request().connection().close());
        // headers go out now, as dockerd flushes them: `docker run` waits for wait's headers before it starts
        response.writeHead();
        upstream.pipeTo(response);
    }

    private static String firstSegment(String path) {
        String[] parts = path.split("/");
        return parts.length > 1 ? "/" + parts[1] : path;
    }
}
