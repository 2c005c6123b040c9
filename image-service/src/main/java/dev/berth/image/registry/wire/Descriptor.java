package dev.berth.image.registry.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A content descriptor as it appears in manifests and indexes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(String mediaType, String digest, long size, Platform platform) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Platform(String architecture, String os, String variant) {
    }
}
