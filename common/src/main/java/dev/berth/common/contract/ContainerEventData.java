package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code data} of every {@code berth.container.*} event (runtime-service → image-, volume-, network-service and the
 * gateway). {@code attributes} is Docker's Actor.Attributes; the other fields are on the events that need them
 * (docs/events.md says which).
 */
@WireContract(doc = "events", value = "runtime-service → `berth.container`")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerEventData(
        @JsonProperty("attributes") Map<String, String> attributes,
        @JsonProperty("imageId") String imageId,
        @JsonProperty("networkMode") String networkMode,
        @JsonProperty("volumes") List<VolumeUse> volumes,
        @JsonProperty("removeVolumes") Boolean removeVolumes,
        @JsonProperty("healthcheck") Boolean healthcheck) {

    public ContainerEventData {
        attributes = attributes == null ? Map.of() : attributes;
    }

    /** A volume the container uses (create): what volume-service records and reports on mount. */
    public record VolumeUse(
            @JsonProperty("Name") String name,
            @JsonProperty("Destination") String destination,
            @JsonProperty("RW") boolean rw,
            @JsonProperty("Propagation") String propagation) {

        public VolumeUse {
            propagation = propagation == null ? "" : propagation;
        }
    }

    /** The fields besides attributes and imageId that one event adds (checked: see {@link EventPayloads#strict}). */
    public record Extra(
            @JsonProperty("networkMode") String networkMode,
            @JsonProperty("volumes") List<VolumeUse> volumes,
            @JsonProperty("removeVolumes") Boolean removeVolumes,
            @JsonProperty("healthcheck") Boolean healthcheck) {
    }

    public static ContainerEventData of(Map<String, String> attributes, String imageId, Extra extra) {
        return new ContainerEventData(attributes, imageId, extra.networkMode(), extra.volumes(), extra.removeVolumes(),
                extra.healthcheck());
    }

    public boolean isHealthcheck() {
        return Boolean.TRUE.equals(healthcheck);
    }

    public boolean removesVolumes() {
        return Boolean.TRUE.equals(removeVolumes);
    }

    public List<VolumeUse> volumesOrEmpty() {
        return volumes == null ? List.of() : volumes;
    }
}
