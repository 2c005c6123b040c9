package dev.berth.volume.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.volume.domain.Volume;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Docker's Volume object on the wire. */
public record VolumeView(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Options") Map<String, String> options) {

    static VolumeView of(Volume v) {
        return new VolumeView(v.name, v.driver, v.mountpoint,
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(v.createdAt), Map.of(), "local", Map.of());
    }
}
