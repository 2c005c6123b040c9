package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * network-service → runtime-service {@code POST /internal/containers/{ref}/networks/connect} and {@code …/disconnect}
 * ({@code docker network connect|disconnect}: node work on the container). {@code EndpointConfig} is Docker's
 * EndpointSettings as the user sent it (connect); {@code Force} is disconnect's.
 */
@WireContract(doc = "design",
        value = "network-service → runtime-service `POST /internal/containers/{ref}/networks/{connect,disconnect}`")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkAttachRequest(
        @JsonProperty("Network") String network,
        @JsonProperty("EndpointConfig") JsonNode endpointConfig,
        @JsonProperty("Force") Boolean force) {

    public NetworkAttachRequest {
        network = network == null ? "" : network;
    }

    public static NetworkAttachRequest connect(String network, JsonNode endpointConfig) {
        return new NetworkAttachRequest(network, endpointConfig == null || endpointConfig.isMissingNode()
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : endpointConfig, null);
    }

    public static NetworkAttachRequest disconnect(String network, boolean force) {
        return new NetworkAttachRequest(network, null, force);
    }
}
