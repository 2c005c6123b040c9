package dev.berth.network.service;

import dev.berth.network.ipam.Cidr;
import dev.berth.network.ipam.AddressPools;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/** Per-instance network settings: several berth instances on one host must not share names or subnets. */
@ConfigMapping(prefix = "berth.net")
public interface NetworkSettings {
    /** Device of the default bridge network. */
    @WithName("bridge")
    @WithDefault("berth0")
    String bridge();

    /** Subnet of the default bridge; unset: the first free block of the address pools. */
    @WithName("bridge-subnet")
    Optional<String> bridgeSubnet();

    /**
     * Where networks created without a subnet get theirs: a comma-separated list of {@code BASE/LENGTH[/SIZE]} pools,
     * tried in order (see {@link AddressPools#parse}); default dockerd's.
     */
    @WithName("pool")
    @WithDefault(AddressPools.DOCKERD_DEFAULTS)
    String pool();

    /** Block length of pools given without {@code /SIZE}. */
    @WithName("pool-size")
    @WithDefault("16")
    int poolSize();

    /** Prefix of host-wide names (user network bridges are {@code <prefix>-<id>}). */
    @WithName("prefix")
    @WithDefault("berth")
    String prefix();

    default AddressPools addressPools() {
        return AddressPools.parse(pool(), poolSize());
    }

    /** Bridge device of a user network: at most 15 characters. */
    default String userBridge(String networkId) {
        String head = prefix() + "-";
        return head + networkId.substring(0, Math.max(4, 15 - head.length()));
    }
}
