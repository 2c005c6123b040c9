package dev.berth.image.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Internal: an image's layers for runtime nodes, bottom first. */
public record LayersView(@JsonProperty("Id") String id, @JsonProperty("Layers") List<Layer> layers) {

    public record Layer(
            @JsonProperty("DiffId") String diffId,
            @JsonProperty("Digest") String digest,
            @JsonProperty("Size") long size,
            @JsonProperty("MediaType") String mediaType) {
    }
}
