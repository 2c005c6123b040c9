package dev.berth.image.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.Digests;
import dev.berth.image.store.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a {@code docker save} archive in the layout dockerd 25+ writes: {@code blobs/sha256/<hex>} for configs,
 * layers and OCI manifests, {@code manifest.json} (Docker's), {@code index.json} and {@code oci-layout} (OCI).
 */
public final class SaveArchiveWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final BlobStore store;

    public SaveArchiveWriter(BlobStore store) {
        this.store = store;
    }

    public void write(List<SavedImage> images, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Set<String> written = new HashSet<>();
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        ArrayNode manifest = NODES.arrayNode();
        ArrayNode indexManifests = NODES.arrayNode();
        for (SavedImage image : images) {
            blobBytes(tar, written, image.config());
            ObjectNode item = manifest.addObject();
            item.put("Config", path(image.id()));
            ArrayNode tags = item.putArray("RepoTags");
            image.repoTags().forEach(tags::add);
            ArrayNode layers = item.putArray("Layers");
            ObjectNode oci = NODES.objectNode();
            oci.put("schemaVersion", 2);
            oci.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            ObjectNode config = oci.putObject("config");
            config.put("mediaType", "application/vnd.oci.image.config.v1+json");
            config.put("digest", image.id());
            config.put("size", image.config().length);
            ArrayNode ociLayers = oci.putArray("layers");
            for (SavedImage.Layer layer : image.layers()) {
                blobFile(tar, written, layer);
                layers.add(path(layer.digest()));
                ObjectNode l = ociLayers.addObject();
                l.put("mediaType", StoredBlob.MEDIA_TAR_GZIP.equals(layer.mediaType())
                        ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar");
                l.put("digest", layer.digest());
                l.put("size", layer.size());
            }
            byte[] ociBytes = JSON.writeValueAsBytes(oci);
            String ociDigest = blobBytes(tar, written, ociBytes);
            if (image.repoTags().isEmpty()) {
                indexManifests.add(descriptor(ociDigest, ociBytes.length, null));
            }
            for (String tag : image.repoTags()) {
                indexManifests.add(descriptor(ociDigest, ociBytes.length, tag));
            }
        }
        ObjectNode index = NODES.objectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.set("manifests", indexManifests);
        file(tar, "index.json", JSON.writeValueAsBytes(index));
        file(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        tar.finish();
        tar.flush();
    }

    private static ObjectNode descriptor(String digest, long size, String tag) {
        ObjectNode d = NODES.objectNode();
        d.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        d.put("digest", digest);
        d.put("size", size);
        if (tag != null) {
            ObjectNode annotations = d.putObject("annotations");
            annotations.put("io.containerd.image.name", tag);
            String shortTag = tag.substring(tag.lastIndexOf(':') + 1);
            annotations.put("org.opencontainers.image.ref.name", shortTag);
        }
        return d;
    }

    private static String path(String digest) {
        return "blobs/sha256/" + Digests.hex(digest);
    }

    private String blobBytes(TarArchiveOutputStream tar, Set<String> written, byte[] bytes) throws IOException {
        String digest = Digests.of(bytes);
        if (written.add(digest)) {
            file(tar, path(digest), bytes);
        }
        return digest;
    }

    private void blobFile(TarArchiveOutputStream tar, Set<String> written, SavedImage.Layer layer) throws IOException {
        if (!written.add(layer.digest())) {
            return;
        }
        TarArchiveEntry entry = new TarArchiveEntry(path(layer.digest()));
        entry.setSize(store.size(layer.digest()));
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        try (InputStream in = store.open(layer.digest())) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
