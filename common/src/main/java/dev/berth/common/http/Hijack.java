package dev.berth.common.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Docker's hijacked connections (attach, exec start) at the Vert.x level. Docker upgrades a POST
 * ({@code Connection: Upgrade}, {@code Upgrade: tcp}), which Vert.x 4's {@code toNetSocket()} refuses (it upgrades GET
 * only), so the upgrade is asked of Vert.x's HTTP/1.x response directly; it writes {@code 101} with the headers set on
 * the response. Clients half-close such connections when their stdin ends; {@link #onInputShutdown} keeps the
 * output direction open and reports it.
 */
public final class Hijack {
    private static final String RESPONSE_CLASS = "io.vertx.core.http.impl.Http1xServerResponse";
    private static final Method NET_SOCKET = netSocketMethod();

    private Hijack() {
    }

    public static boolean requested(HttpServerRequest request) {
        String connection = request.getHeader("Connection");
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && connection != null && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    /** Answers 101 with the headers already put on the response and hands over the raw connection. */
    public static Future<NetSocket> upgrade(HttpServerRequest request) {
        request.response().putHeader("Connection", "Upgrade").putHeader("Upgrade", "tcp");
        return takeOver(request, HttpMethod.GET);
    }

    /**
     * Answers 200 without a length and hands over the raw connection: the body ends when the connection closes, as
     * dockerd streams a non-upgraded exec start (docker-java without stdin). Vert.x does this for CONNECT.
     */
    public static Future<NetSocket> streamUntilClose(HttpServerRequest request) {
        request.response().putHeader("Connection", "close");
        return takeOver(request, HttpMethod.CONNECT);
    }

    /** The method decides the head Vert.x writes: GET → 101 (an upgrade), CONNECT → 200. */
    @SuppressWarnings("unchecked")
    private static Future<NetSocket> takeOver(HttpServerRequest request, HttpMethod method) {
        try {
            return (Future<NetSocket>) NET_SOCKET.invoke(unwrap(request.response()), method,
                    (MultiMap) request.headers());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Future.failedFuture(new IllegalStateException("cannot take over the connection: " + e, e));
        }
    }

    /** Keeps a half-closed connection open for output and runs {@code action} when the peer shut its output. */
    public static void onInputShutdown(NetSocket socket, Runnable action) {
        if (!(socket instanceof NetSocketInternal internal)) {
            return;
        }
        ChannelHandlerContext context = internal.channelHandlerContext();
        context.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        context.pipeline().addFirst("berth-half-close", new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
                if (event instanceof ChannelInputShutdownEvent) {
                    action.run();
                }
                super.userEventTriggered(ctx, event);
            }
        });
    }

    /** Half-closes: no more bytes from us, but keep reading. */
    public static void shutdownOutput(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal
                && internal.channelHandlerContext().channel() instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
        } else {
            socket.end();
        }
    }

    private static Method netSocketMethod() {
        try {
            Method method = Class.forName(RESPONSE_CLASS).getDeclaredMethod("netSocket", HttpMethod.class,
                    MultiMap.class);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Quarkus may wrap the response; find Vert.x's own. */
    private static Object unwrap(Object response) throws ReflectiveOperationException {
        Object current = response;
        for (int depth = 0; depth < 5 && !current.getClass().getName().equals(RESPONSE_CLASS); depth++) {
            Field delegate = null;
            for (Class<?> c = current.getClass(); c != null && delegate == null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (HttpServerResponse.class.isAssignableFrom(f.getType())) {
                        delegate = f;
                        break;
                    }
                }
            }
            if (delegate == null) {
                break;
            }
            delegate.setAccessible(true);
            current = delegate.get(current);
        }
        return current;
    }

    /**
     * Runs {@code action} when the client of a hijacked TLS connection half-closes it. A TLS client (the docker CLI
     * when its stdin ends) sends close_notify and keeps the TCP connection open for the output, so the TCP half-close
     * that {@link #onInputShutdown} watches for never comes; close_notify closes the TLS inbound only (TLS 1.3),
     * and the output keeps flowing. Nothing happens on a connection that is not TLS.
     */
    public static void onCloseNotify(NetSocket socket, Runnable action) {
        if (!socket.isSsl() || !(socket instanceof NetSocketInternal internal)) {
            return;
        }
        SslHandler ssl = internal.channelHandlerContext().pipeline().get(SslHandler.class);
        if (ssl != null) {
            ssl.sslCloseFuture().addListener(closed -> {
                if (closed.isSuccess()) {
                    action.run();
                }
            });
        }
    }
}
