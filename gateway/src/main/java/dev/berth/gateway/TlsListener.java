package dev.berth.gateway;

import io.netty.handler.ssl.NotSslRecordException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The optional TCP listener, with the semantics of {@code dockerd --tlsverify}: TLS only, and only for a client that
 * presents a certificate signed by {@code BERTH_TLS_CA}. It serves exactly what the socket serves (the same request
 * handler, hijacked attach and exec included). There is no plain TCP listener: {@code BERTH_TLS_LISTEN} without the
 * three PEM files is a startup error.
 */
final class TlsListener {
    private static final Logger LOG = Logger.getLogger(TlsListener.class.getName());

    /** {@code host:port}, {@code [v6]:port} or {@code :port} (all IPv4 addresses); a {@code tcp://} prefix is allowed. */
    record Address(String host, int port) {
        static Address parse(String text) {
            String value = text.trim().replaceFirst("^tcp://", "");
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                throw invalid(text);
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw invalid(text);
            }
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            if (port < 1 || port > 65535) {
                throw invalid(text);
            }
            return new Address(host, port);
        }

        private static IllegalArgumentException invalid(String text) {
            return new IllegalArgumentException("BERTH_TLS_LISTEN=" + text
                    + ": expected host:port (0.0.0.0:2376, 127.0.0.1:2376, [::]:2376)");
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final Address address;
    private final String ca;
    private final HttpServerOptions options;

    private TlsListener(Address address, String cert, String key, String ca) {
        this.address = address;
        this.ca = ca;
        this.options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key))
                .setTrustOptions(new PemTrustOptions().addCertPath(ca))
                .setClientAuth(ClientAuth.REQUIRED)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                .setUseAlpn(false) // HTTP/1.1 only: attach and exec upgrade the connection
                .setTcpKeepAlive(true)
                .setIdleTimeout(0);
    }

    /**
     * The listener {@code BERTH_TLS_LISTEN} asks for, its configuration checked; empty when it is unset. Throws when
     * the address is malformed or a PEM file is not given or not readable.
     */
    static Optional<TlsListener> configured(ApiAccess.Tls tls) {
        Optional<String> listen = tls.listen().map(String::trim).filter(s -> !s.isEmpty());
        if (listen.isEmpty()) {
            if (tls.cert().isPresent() || tls.key().isPresent() || tls.ca().isPresent()) {
                LOG.warning("BERTH_TLS_CERT/KEY/CA are set but BERTH_TLS_LISTEN is not: no TCP listener");
            }
            return Optional.empty();
        }
        return Optional.of(new TlsListener(Address.parse(listen.get()), pemFile(tls.cert(), "BERTH_TLS_CERT"),
                pemFile(tls.key(), "BERTH_TLS_KEY"), pemFile(tls.ca(), "BERTH_TLS_CA")));
    }

    /** Listens, answering every request that completed the handshake with {@code handler}. */
    HttpServer listen(Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
        HttpServer server = vertx.createHttpServer(options)
                .requestHandler(handler)
                // a refused handshake (no certificate, another CA's, not TLS at all) ends here
                .exceptionHandler(e -> LOG.info("TLS listener: connection refused: " + reason(e)))
                .listen(address.port(), address.host())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("Docker API listening on tcp://" + address + " (TLS; client certificates signed by " + ca + ")");
        return server;
    }

    /** One short line: the message of a plain HTTP request holds the request in hex (and whatever headers it sent). */
    static String reason(Throwable e) {
        if (e instanceof NotSslRecordException) {
            return "not TLS (plain HTTP?)";
        }
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return message.length() > 160 ? message.substring(0, 160) + "…" : message;
    }

    private static String pemFile(Optional<String> configured, String variable) {
        String path = configured.map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() ->
                new IllegalStateException("BERTH_TLS_LISTEN is set but " + variable + " is not: the TCP listener "
                        + "needs BERTH_TLS_CERT, BERTH_TLS_KEY and BERTH_TLS_CA (there is no plain TCP listener)"));
        if (!Files.isReadable(Path.of(path))) {
            throw new IllegalStateException(variable + "=" + path + ": not a readable file");
        }
        return path;
    }
}
