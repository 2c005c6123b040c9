package dev.berth.image.imports;

import dev.berth.common.archive.ExpansionLimit;
import dev.berth.common.errors.BerthException;
import dev.berth.image.catalog.StagedImage;
import dev.berth.image.catalog.StagedLayer;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.config.ImportConfigBuilder;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.StoredBlob;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * {@code docker import}: streams a root filesystem tarball (plain or gzip) into the blob store, computing its diff
 * id on the way, and builds the one-layer image config. Blocking; the blobs of the result are pinned.
 */
@ApplicationScoped
public class ImageImporter {
    private final BlobStore store;

    public ImageImporter(BlobStore store) {
        this.store = store;
    }

    public StagedImage importTarball(InputStream body, ImportRequest request) throws IOException {
        ImageConfig config;
        StoredBlob layer;
        try {
            layer = store.putLayer(body);
        } catch (ExpansionLimit.ArchiveTooLargeException e) {
            throw BerthException.invalid("invalid tar: " + e.getMessage());
        }
        try {
            if (layer.diffSize() == 0) {
                throw BerthException.invalid("invalid tar: empty input");
            }
            layer.requireSafeLayer();
            config = ImportConfigBuilder.build(layer.diffId(), request.changes(), request.message(), Instant.now());
            store.putBytes(config.bytes());
        } catch (RuntimeException | IOException e) {
            store.unpin(List.of(layer.digest()));
            throw e;
        }
        StagedLayer staged = new StagedLayer(layer.diffId(), layer.digest(), layer.size(), layer.diffSize(),
                layer.layerMediaType());
        return new StagedImage(config, List.of(staged), request.tag() == null ? List.of() : List.of(request.tag()));
    }
}
