package dev.berth.network.domain;

import java.util.List;

/**
 * A container's attachment to a network, with its address (and its IPv6 address, or null), and the runtime node the
 * container runs on (empty when not told).
 */
public record Endpoint(String networkId, String containerId, String containerName, long address, String mac,
        List<String> aliases, String address6, String node) {
}
