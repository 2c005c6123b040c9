package dev.berth.volume.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record PruneReport(@JsonProperty("VolumesDeleted") List<String> volumesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
