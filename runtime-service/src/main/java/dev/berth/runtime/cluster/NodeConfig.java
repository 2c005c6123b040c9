package dev.berth.runtime.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** This node's settings: {@code BERTH_NODE_*} (README "Configuration"). */
@ConfigMapping(prefix = "berth.node")
public interface NodeConfig {
    /** Default: generated once into {@code $BERTH_DATA/runtime/node-id}. */
    Optional<String> id();

    /** Default: the host name. */
    Optional<String> name();

    /** Default: the address of the default route's interface, else 127.0.0.1. */
    Optional<String> addr();

    /** Where other nodes reach this node's API; default: {@link NodeIdentity#defaultApi}. */
    Optional<String> api();

    /** {@code storage=ssd,region=a}. */
    Optional<String> labels();

    @WithDefault("2")
    int heartbeatSeconds();

    @WithDefault("10")
    int downAfterSeconds();
}
