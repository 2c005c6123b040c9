package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code data} of every {@code berth.network.*} event (network-service → runtime-service and the gateway). The bridge
 * fields are there for bridge networks: each node removes a destroyed network's bridge with them.
 */
@WireContract(doc = "events", value = "network-service → `berth.network`")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkEventData(
        @JsonProperty("attributes") Map<String, String> attributes,
        @JsonProperty("bridge") String bridge,
        @JsonProperty("subnet") String subnet,
        @JsonProperty("gateway") String gateway,
        @JsonProperty("internal") Boolean internal) {

    public NetworkEventData {
        attributes = attributes == null ? Map.of() : attributes;
    }
}
