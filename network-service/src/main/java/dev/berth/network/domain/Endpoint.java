package dev.berth.network.domain;

import java.util.List;

/** A container's attachment to a network, with its address. */
public record Endpoint(String networkId, String containerId, String containerName, long address, String mac,
        List<String> aliases) {
}
