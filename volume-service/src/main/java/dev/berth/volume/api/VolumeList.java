package dev.berth.volume.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record VolumeList(@JsonProperty("Volumes") List<VolumeView> volumes,
        @JsonProperty("Warnings") List<String> warnings) {
}
