package dev.berth.runtime.net;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/** Per-instance host-wide names: several berth instances on one host must not share any of them. */
@ConfigMapping(prefix = "berth.net")
public interface NetConfig {
    /** Prefix of network namespaces ({@code <prefix>-<container id>}) and host veths ({@code <prefix>v<hash>}). */
    @WithDefault("berth")
    String prefix();

    /** Prefix of the iptables chains ({@code <prefix>-DNAT}, {@code -POST}, {@code -FWD}, {@code -ISO1}, {@code -ISO2}). */
    @WithName("chain-prefix")
    @WithDefault("BERTH")
    String chainPrefix();

    /** Host address published ports bind to when the client names none (Docker's daemon "ip" setting). */
    @WithName("publish-ip")
    Optional<String> publishIp();

    @WithName("network-url")
    @WithDefault("http://127.0.0.1:7105")
    String networkUrl();

    /** UDP port of the per-network DNS servers (on each user network's gateway address). */
    @WithName("dns-port")
    @WithDefault("53")
    int dnsPort();

    default String netnsName(String containerId) {
        return prefix() + "-" + containerId;
    }

    default String chain(String suffix) {
        return chainPrefix() + "-" + suffix;
    }
}
