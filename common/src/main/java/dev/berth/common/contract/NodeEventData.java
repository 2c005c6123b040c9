package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code data} of every {@code berth.node.*} event: Docker's node event attributes (name, state.old, state.new). */
@WireContract(doc = "events", value = "runtime-service → `berth.node`")
public record NodeEventData(@JsonProperty("attributes") Map<String, String> attributes) {

    public NodeEventData {
        attributes = attributes == null ? Map.of() : attributes;
    }
}
