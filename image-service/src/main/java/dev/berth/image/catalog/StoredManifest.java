package dev.berth.image.catalog;

import java.util.List;

/** A registry manifest of an image, byte for byte, with the blobs it names (config first). */
public record StoredManifest(String digest, String mediaType, byte[] content, List<String> blobs) {
}
