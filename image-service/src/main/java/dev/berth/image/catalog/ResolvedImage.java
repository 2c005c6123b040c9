package dev.berth.image.catalog;

import dev.berth.image.domain.Image;
import dev.berth.image.reference.Reference;

/** An image found by name; {@code viaTag} is the tag the name resolved through, null when by id. */
public record ResolvedImage(Image image, Reference viaTag) {
}
