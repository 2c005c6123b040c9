package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * network-service → runtime-service, the answer to {@code GET /internal/networks/{ref}/endpoints}: one container on
 * the network, where it runs and how it is reached there. A node that shares the network with containers of other
 * nodes makes its VXLAN forwarding and its DNS answers from these.
 */
@WireContract(doc = "design",
        value = "network-service → runtime-service `GET /internal/networks/{ref}/endpoints` (a list)")
public record NetworkEndpoint(
        @JsonProperty("ContainerID") String containerId,
        @JsonProperty("ContainerName") String containerName,
        @JsonProperty("Aliases") List<String> aliases,
        @JsonProperty("IPv4Address") String ipv4Address,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("Node") String node) {

    public NetworkEndpoint {
        containerName = containerName == null ? "" : containerName;
        aliases = aliases == null ? List.of() : aliases;
        node = node == null ? "" : node;
    }
}
