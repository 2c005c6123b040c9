package dev.berth.image.commit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.catalog.StagedImage;
import dev.berth.image.catalog.StagedLayer;
import dev.berth.image.config.BuildStepConfigBuilder;
import dev.berth.image.config.CommitConfigBuilder;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.reference.Reference;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.StoredBlob;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code docker commit}: stores the container's changes (a tar in OCI whiteout form) as a layer on top of the parent
 * image and builds the child config. Blocking; the blobs of the result (config, new layer, parent layers) are pinned
 * by the caller's {@link StagedImage#blobs()} list once this returns.
 */
@ApplicationScoped
public class ImageCommitter {
    private static final long SMALL_TAR = 64 * 1024;
    private final BlobStore store;

    public ImageCommitter(BlobStore store) {
        this.store = store;
    }

    public StagedImage commit(InputStream body, CommitRequest request, ImageConfig parent,
            List<StagedLayer> parentLayers) throws IOException {
        return stage(body, parentLayers, diffId -> CommitConfigBuilder.build(parent, diffId,
                request.containerConfig(), request.changes(), request.containerId(), request.author(),
                request.comment(), Instant.now()), request.tag() == null ? List.of() : List.of(request.tag()));
    }

    /**
     * A Dockerfile step's image: the layer (possibly empty) over the parent's layers (none for scratch), with the
     * config the builder worked out and its history line.
     */
    public StagedImage buildStep(InputStream body, ImageConfig parent, List<StagedLayer> parentLayers,
            ObjectNode config, String createdBy) throws IOException {
        return stage(body, parentLayers,
                diffId -> BuildStepConfigBuilder.build(parent, diffId, config, createdBy, Instant.now()), List.of());
    }

    private StagedImage stage(InputStream body, List<StagedLayer> parentLayers,
            Function<String, ImageConfig> configFor, List<Reference> tags) throws IOException {
        List<String> pinned = new ArrayList<>();
        store.pin(parentLayers.stream().map(StagedLayer::digest).toList());
        pinned.addAll(parentLayers.stream().map(StagedLayer::digest).toList());
        try {
            StoredBlob layer = store.putLayer(body);
            pinned.add(layer.digest());
            boolean empty = isEmpty(layer);
            ImageConfig config = configFor.apply(empty ? null : layer.diffId());
            store.putBytes(config.bytes());
            pinned.add(config.id());
            List<StagedLayer> layers = new ArrayList<>(parentLayers);
            if (!empty) {
                layers.add(new StagedLayer(layer.diffId(), layer.digest(), layer.size(), layer.diffSize(),
                        layer.layerMediaType()));
            } else {
                store.unpin(List.of(layer.digest()));
                pinned.remove(layer.digest());
            }
            StagedImage staged = new StagedImage(config, layers, tags);
            pinned.clear();
            return staged;
        } finally {
            if (!pinned.isEmpty()) {
                store.unpin(pinned);
            }
        }
    }

    /** Docker leaves an empty diff out of the rootfs ({@code layer.IsEmpty}). */
    private boolean isEmpty(StoredBlob layer) throws IOException {
        if (layer.diffId().equals(CommitConfigBuilder.EMPTY_TAR) || layer.diffSize() == 0) {
            return true;
        }
        if (layer.diffSize() > SMALL_TAR) {
            return false;
        }
        try (InputStream in = store.open(layer.digest());
                TarArchiveInputStream tar = new TarArchiveInputStream(
                        layer.gzip() ? new java.util.zip.GZIPInputStream(in) : in)) {
            return tar.getNextEntry() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
