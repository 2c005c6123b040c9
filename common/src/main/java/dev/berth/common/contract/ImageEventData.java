package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code data} of every {@code berth.image.*} event: Docker's Actor.Attributes only (docs/events.md names them). */
@WireContract(doc = "events", value = "image-service → `berth.image`")
public record ImageEventData(@JsonProperty("attributes") Map<String, String> attributes) {

    public ImageEventData {
        attributes = attributes == null ? Map.of() : attributes;
    }
}
