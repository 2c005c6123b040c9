package dev.berth.image.registry;

import dev.berth.image.registry.wire.Descriptor;
import java.util.List;

/**
 * The image manifest to pull: {@code digest} is what the reference resolved to (the index's digest when the tag names
 * an index, as Docker records it), {@code config} and {@code layers} come from the platform's image manifest, whose
 * digest, media type and exact bytes are {@code imageDigest}, {@code imageMediaType}, {@code imageBytes}.
 */
public record PulledManifest(String digest, Descriptor config, List<Descriptor> layers, String imageDigest,
        String imageMediaType, byte[] imageBytes) {
}
