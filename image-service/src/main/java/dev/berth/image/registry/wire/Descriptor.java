package dev.berth.image.registry.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A content descriptor as it appears in manifests and indexes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(String mediaType, String digest, long size, Platform platform) {

    /** An index entry's platform, or the platform fields at the top of an image config. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Platform(String architecture, String os, String variant,
            @JsonProperty("os.version") String osVersion, @JsonProperty("os.features") List<String> osFeatures) {
    }
}
