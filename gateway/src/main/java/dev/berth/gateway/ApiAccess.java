package dev.berth.gateway;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * Who may reach the Docker API: the socket's group ({@code BERTH_SOCKET_GROUP}) and the optional TLS listener
 * ({@code BERTH_TLS_LISTEN}, {@code BERTH_TLS_CERT}, {@code BERTH_TLS_KEY}, {@code BERTH_TLS_CA}).
 */
@ConfigMapping(prefix = "berth.api")
public interface ApiAccess {
    /** A group name or a numeric gid; unset: {@code docker} when that group exists, else root. */
    Optional<String> socketGroup();

    Tls tls();

    interface Tls {
        /** {@code host:port} to listen on with TLS; unset: no TCP listener at all. */
        Optional<String> listen();

        /** PEM paths: the server's certificate (chain) and key, and the CA that signs the client certificates. */
        Optional<String> cert();

        Optional<String> key();

        Optional<String> ca();
    }
}
