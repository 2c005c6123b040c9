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

    /**
     * A device name of this instance: the prefix, a letter for its kind ({@code v} a host veth, {@code x} a VXLAN
     * device) and hex digits of a SHA-256 of {@code key}, 15 characters at most (the kernel's limit).
     */
    default String deviceName(String kind, String key) {
        int hex = Math.max(4, 15 - prefix().length() - kind.length());
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return prefix() + kind + java.util.HexFormat.of().formatHex(d).substring(0, hex);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    default String chain(String suffix) {
        return chainPrefix() + "-" + suffix;
    }
}
