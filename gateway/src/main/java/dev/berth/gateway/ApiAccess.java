package dev.berth.gateway;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Who may reach the Docker API: the socket's group ({@code BERTH_SOCKET_GROUP}). */
@ConfigMapping(prefix = "berth.api")
public interface ApiAccess {
    /** A group name or a numeric gid; unset: {@code docker} when that group exists, else root. */
    Optional<String> socketGroup();
}
