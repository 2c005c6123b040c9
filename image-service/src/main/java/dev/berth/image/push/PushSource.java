package dev.berth.image.push;

import dev.berth.image.catalog.StoredManifest;
import dev.berth.image.domain.ImageLayer;
import java.util.List;

/** What a push reads from the catalog: the image's config bytes, layers (bottom first) and recorded manifests. */
record PushSource(String imageId, byte[] config, List<ImageLayer> layers, List<StoredManifest> manifests) {
}
