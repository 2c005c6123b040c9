package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * One service's part of {@code docker system df} ({@code GET /internal/df}); the gateway merges the four parts into
 * Docker's SystemDataUsageResponse. Each service fills its own field (the others stay off the wire); the items are
 * Docker's own objects (ImageSummary, ContainerSummary with SizeRw/SizeRootFs, Volume with UsageData,
 * BuildCache), passed through as they are.
 */
@WireContract(doc = "design", value = "image-, runtime-, volume-, build-service → gateway (image-service → "
        + "build-service too), answer to `GET /internal/df`")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiskUsagePart(
        @JsonProperty("LayersSize") Long layersSize,
        @JsonProperty("Images") List<JsonNode> images,
        @JsonProperty("Containers") List<JsonNode> containers,
        @JsonProperty("Volumes") List<JsonNode> volumes,
        @JsonProperty("BuildCache") List<JsonNode> buildCache) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static DiskUsagePart images(long layersSize, List<?> images) {
        return new DiskUsagePart(layersSize, items(images), null, null, null);
    }

    public static DiskUsagePart containers(List<?> containers) {
        return new DiskUsagePart(null, null, items(containers), null, null);
    }

    public static DiskUsagePart volumes(List<?> volumes) {
        return new DiskUsagePart(null, null, null, items(volumes), null);
    }

    public static DiskUsagePart buildCache(List<?> records) {
        return new DiskUsagePart(null, null, null, null, items(records));
    }

    /** A list the part does not carry reads as empty (a service that answered 404 contributes nothing). */
    public static List<JsonNode> orEmpty(List<JsonNode> items) {
        return items == null ? List.of() : items;
    }

    private static List<JsonNode> items(List<?> items) {
        return items.stream().map(item -> (JsonNode) JSON.valueToTree(item)).toList();
    }
}
