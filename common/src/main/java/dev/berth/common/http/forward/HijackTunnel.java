package dev.berth.common.http.forward;

import dev.berth.common.errors.DockerErrors;
import dev.berth.common.http.Hijack;
import dev.berth.common.http.ServiceToken;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Attach and exec start: the client asks for {@code Upgrade: tcp}; the owning service answers 101 and the
 * connection becomes a raw byte stream. The gateway makes the same request upstream over a plain TCP connection,
 * replies 101 to the client only once the service did (so a {@code start} sent afterwards loses no output), and
 * then copies bytes both ways until either side closes; the client's side closes after the last byte the service
 * sent has been handed to it.
 */
public final class HijackTunnel {
    private final NetClient plainClient;
    private final NetClient tlsClient;

    /** {@code tlsClient} connects to {@code https://} services (it verifies their certificate and host name). */
    public HijackTunnel(NetClient plainClient, NetClient tlsClient) {
        this.plainClient = plainClient;
        this.tlsClient = tlsClient;
    }

    public static boolean wants(HttpServerRequest request) {
        return Hijack.requested(request);
    }

    /** Exec start carries a small JSON body before the upgrade; it is read first and sent upstream with the head. */
    public void open(HttpServerRequest request, String path, Upstream upstream) {
        String length = request.getHeader("Content-Length");
        Future<Buffer> body = length != null && !length.equals("0") ? request.body()
                : Future.succeededFuture(Buffer.buffer());
        NetClient client = upstream.tls() ? tlsClient : plainClient;
        body.compose(content -> client.connect(upstream.port(), upstream.host())
                        .onSuccess(socket -> handshake(request, path, upstream, socket, content)))
                .onFailure(failure -> DockerErrors.write(request.response(), 503,
                        "the container service is not reachable: " + failure.getMessage()));
    }

    private void handshake(HttpServerRequest request, String path, Upstream upstream, NetSocket socket,
            Buffer content) {
        StringBuilder head = new StringBuilder();
        head.append(request.method().name()).append(' ')
                .append(request.query() == null ? path : path + "?" + request.query())
                .append(" HTTP/1.1\r\n");
        head.append("Host: ").append(upstream.host()).append(':').append(upstream.port()).append("\r\n");
        request.headers().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("Host") && !h.getKey().equalsIgnoreCase(ServiceToken.HEADER)) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        });
        head.append(ServiceToken.HEADER).append(": ").append(ServiceToken.value()).append("\r\n");
        head.append("\r\n");
        socket.pause();
        Buffer received = Buffer.buffer();
        socket.handler(chunk -> {
            received.appendBuffer(chunk);
            int end = headEnd(received);
            if (end < 0) {
                return;
            }
            socket.handler(null);
            ResponseHead response = ResponseHead.parse(received.getString(0, end, "ISO-8859-1"));
            onUpstreamHead(request, socket, response, received.slice(end + 4, received.length()).copy());
        });
        socket.exceptionHandler(e -> request.response().reset());
        socket.write(Buffer.buffer(head.toString(), "ISO-8859-1").appendBuffer(content));
        socket.resume();
    }

    private static int headEnd(Buffer buffer) {
        for (int i = 0; i + 3 < buffer.length(); i++) {
            if (buffer.getByte(i) == '\r' && buffer.getByte(i + 1) == '\n' && buffer.getByte(i + 2) == '\r'
                    && buffer.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void onUpstreamHead(HttpServerRequest request, NetSocket upstream, ResponseHead head, Buffer early) {
        upstream.pause();
        int status = head.status();
        HttpServerResponse response = request.response();
        head.headers().forEach(h -> {
            String name = h[0].toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !name.equals("transfer-encoding") && !name.equals("connection")
                    && !name.equals("upgrade")) {
                response.putHeader(h[0], h[1]);
            }
        });
        if (status != 101) {
            relayRefusal(request, upstream, status, head, early);
            return;
        }
        Hijack.upgrade(request).onFailure(e -> upstream.close()).onSuccess(client -> {
            if (early.length() > 0) {
                client.write(early);
            }
            // stdin ended: pass the half-close on, and keep the output flowing back
            Hijack.onInputShutdown(client, () -> Hijack.shutdownOutput(upstream));
            Hijack.onCloseNotify(client, () -> Hijack.shutdownOutput(upstream));
            client.closeHandler(v -> upstream.close());
            // not its close handler: that runs at once, before what a paused upstream has read is handed on
            upstream.endHandler(v -> client.close());
            copy(client, upstream);
            copy(upstream, client);
            upstream.resume();
        });
    }

    /** Copies bytes with backpressure, without ending the destination (half-closes are handled apart). */
    private static void copy(NetSocket from, NetSocket to) {
        from.handler(bytes -> {
            to.write(bytes);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
    }

    /** The service said no (404, 409, ...): pass its answer on as an ordinary response. */
    private void relayRefusal(HttpServerRequest request, NetSocket upstream, int status, ResponseHead head,
            Buffer early) {
        HttpServerResponse response = request.response();
        response.setStatusCode(status);
        long length = head.contentLength();
        Buffer body = Buffer.buffer().appendBuffer(early);
        if (length >= 0 && body.length() >= length) {
            response.end(body.slice(0, (int) length));
            upstream.close();
            return;
        }
        upstream.handler(body::appendBuffer);
        upstream.endHandler(v -> response.end(body));
        upstream.resume();
    }

    private static final class ResponseHead {
        final List<String> lines = new ArrayList<>();

        static ResponseHead parse(String text) {
            ResponseHead head = new ResponseHead();
            head.lines.addAll(List.of(text.split("\r\n")));
            return head;
        }

        int status() {
            String[] parts = lines.isEmpty() ? new String[0] : lines.get(0).split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 502;
        }

        List<String[]> headers() {
            List<String[]> result = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                int colon = lines.get(i).indexOf(':');
                if (colon > 0) {
                    result.add(new String[] {lines.get(i).substring(0, colon).trim(),
                            lines.get(i).substring(colon + 1).trim()});
                }
            }
            return result;
        }

        long contentLength() {
            for (String[] h : headers()) {
                if (h[0].equalsIgnoreCase("Content-Length")) {
                    return Long.parseLong(h[1]);
                }
            }
            return -1;
        }
    }
}
