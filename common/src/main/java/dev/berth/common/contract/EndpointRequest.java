package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * runtime-service → network-service {@code POST /internal/networks/{ref}/endpoints}: an address for the container
 * on the network (the same one when asked again). Null addresses mean "pick one"; {@code Node} is the runtime node
 * the container runs on (the other nodes on the network send its frames there).
 */
@WireContract(doc = "design",
        value = "runtime-service → network-service `POST /internal/networks/{ref}/endpoints`")
public record EndpointRequest(
        @JsonProperty("ContainerID") String containerId,
        @JsonProperty("ContainerName") String containerName,
        @JsonProperty("Aliases") List<String> aliases,
        @JsonProperty("IPv4Address") String ipv4Address,
        @JsonProperty("IPv6Address") String ipv6Address,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("Node") String node) {

    public EndpointRequest {
        containerId = containerId == null ? "" : containerId;
        containerName = containerName == null ? "" : containerName;
        aliases = aliases == null ? List.of() : aliases;
        node = node == null ? "" : node;
    }
}
