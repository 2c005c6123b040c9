package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code data} of every {@code berth.build.*} event: Docker's Actor.Attributes only (docs/events.md names them). */
@WireContract(doc = "events", value = "build-service → `berth.build`")
public record BuildEventData(@JsonProperty("attributes") Map<String, String> attributes) {

    public BuildEventData {
        attributes = attributes == null ? Map.of() : attributes;
    }
}
