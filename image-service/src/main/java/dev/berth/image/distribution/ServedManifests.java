package dev.berth.image.distribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.catalog.ManifestCatalog;
import dev.berth.image.catalog.StoredManifest;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageLayer;
import dev.berth.image.registry.MediaTypes;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.Digests;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The manifest image-service serves for an image: the newest recorded registry manifest whose blobs are all stored
 * (what was pulled, or built for a push), else an OCI manifest made on the spot from the stored layers as they are
 * (plain tar or gzip), deterministic so its digest is stable. Runs in the caller's Panache session.
 */
@ApplicationScoped
public class ServedManifests {
    public static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
    public static final String API_VERSION = "registry/2.0";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageCatalog catalog;
    private final ManifestCatalog manifests;
    private final BlobStore store;

    public ServedManifests(ImageCatalog catalog, ManifestCatalog manifests, BlobStore store) {
        this.catalog = catalog;
        this.manifests = manifests;
        this.store = store;
    }

    public Uni<StoredManifest> of(Image image) {
        return manifests.manifestsOf(image.id).chain(recorded -> {
            for (StoredManifest m : recorded) {
                if (!MediaTypes.isIndex(m.mediaType()) && m.blobs().stream().allMatch(store::exists)) {
                    return Uni.createFrom().item(m);
                }
            }
            return catalog.layersOf(image.id).map(layers -> built(image, layers));
        });
    }

    static StoredManifest built(Image image, List<ImageLayer> layers) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_MANIFEST);
        ObjectNode config = root.putObject("config");
        config.put("mediaType", OCI_CONFIG);
        config.put("digest", image.id);
        config.put("size", image.config.length);
        ArrayNode list = root.putArray("layers");
        List<String> blobs = new java.util.ArrayList<>();
        blobs.add(image.id);
        for (ImageLayer l : layers) {
            ObjectNode d = list.addObject();
            boolean gzip = l.mediaType != null && l.mediaType.endsWith("gzip");
            d.put("mediaType", gzip ? "application/vnd.oci.image.layer.v1.tar+gzip"
                    : "application/vnd.oci.image.layer.v1.tar");
            d.put("digest", l.blobDigest);
            d.put("size", l.blobSize);
            blobs.add(l.blobDigest);
        }
        try {
            byte[] content = JSON.writeValueAsBytes(root);
            return new StoredManifest(Digests.of(content), MediaTypes.OCI_MANIFEST, content, blobs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
