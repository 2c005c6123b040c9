package dev.berth.image.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.image.catalog.DeleteItem;
import java.util.List;

/** Docker's ImagePruneResponse. */
public record PruneReport(
        @JsonProperty("ImagesDeleted") List<DeleteItem> imagesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
