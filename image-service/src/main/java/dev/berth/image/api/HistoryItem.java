package dev.berth.image.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One item of {@code GET /images/{name}/history}, newest first. */
public record HistoryItem(
        @JsonProperty("Id") String id,
        @JsonProperty("Created") long created,
        @JsonProperty("CreatedBy") String createdBy,
        @JsonProperty("Tags") List<String> tags,
        @JsonProperty("Size") long size,
        @JsonProperty("Comment") String comment) {
}
