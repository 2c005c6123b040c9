package dev.berth.image.api;

import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.catalog.StagedLayer;
import dev.berth.image.config.ImageConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The parent of a commit or a build step: its config and layers, looked up from a worker thread. */
@ApplicationScoped
public class ParentImages {
    private final ImageCatalog catalog;
    private final OnEventLoop eventLoop;

    public ParentImages(ImageCatalog catalog, OnEventLoop eventLoop) {
        this.catalog = catalog;
        this.eventLoop = eventLoop;
    }

    public record Parent(ImageConfig config, List<StagedLayer> layers) {
    }

    /** Blocking: the image {@code reference} names (404 if none). */
    public Parent load(String reference) {
        return eventLoop.run(() -> Panache.withSession(() -> catalog.resolve(reference)
                        .chain(found -> catalog.layersOf(found.image().id).map(layers -> new Parent(
                                ImageConfig.parse(found.image().config),
                                layers.stream().map(l -> new StagedLayer(l.diffId, l.blobDigest, l.blobSize,
                                        l.diffSize, l.mediaType)).toList())))))
                .await().indefinitely();
    }
}
