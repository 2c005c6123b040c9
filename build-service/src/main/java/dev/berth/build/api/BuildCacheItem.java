package dev.berth.build.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Docker's {@code BuildCache} object of {@code GET /system/df} (one build cache record). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildCacheItem(@JsonProperty("ID") String id, @JsonProperty("Parents") List<String> parents,
        @JsonProperty("Type") String type, @JsonProperty("Description") String description,
        @JsonProperty("InUse") boolean inUse, @JsonProperty("Shared") boolean shared,
        @JsonProperty("Size") long size, @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("LastUsedAt") String lastUsedAt, @JsonProperty("UsageCount") int usageCount) {
}
