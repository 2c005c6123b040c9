package dev.berth.image.catalog;

import dev.berth.image.config.ImageConfig;
import dev.berth.image.reference.Reference;
import java.util.ArrayList;
import java.util.List;

/** An image whose blobs are stored and verified, with the references to give it; nothing is in the database yet. */
public record StagedImage(ImageConfig config, List<StagedLayer> layers, List<Reference> tags) {

    public String id() {
        return config.id();
    }

    /** Every blob the image needs: its config and its layers. */
    public List<String> blobs() {
        List<String> digests = new ArrayList<>();
        digests.add(config.id());
        layers.forEach(l -> digests.add(l.digest()));
        return digests;
    }

    /** Docker's image Size: the uncompressed size of the layers. */
    public long size() {
        return layers.stream().mapToLong(StagedLayer::diffSize).sum();
    }
}
