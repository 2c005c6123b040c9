package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code data} of every {@code berth.volume.*} event (volume-service → runtime-service and the gateway).
 * {@code volumeId} (create, destroy) is the node's marker of the volume's data directory.
 */
@WireContract(doc = "events", value = "volume-service → `berth.volume`")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeEventData(
        @JsonProperty("attributes") Map<String, String> attributes,
        @JsonProperty("volumeId") String volumeId) {

    public VolumeEventData {
        attributes = attributes == null ? Map.of() : attributes;
    }
}
