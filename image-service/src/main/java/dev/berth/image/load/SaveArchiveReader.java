package dev.berth.image.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.image.catalog.StagedImage;
import dev.berth.image.catalog.StagedLayer;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.LayerHashing;
import dev.berth.image.store.StoredBlob;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a {@code docker save} archive (legacy {@code <id>/layer.tar} or OCI {@code blobs/sha256/<hex>} layout, plain
 * or gzip) entry by entry. Nothing is unpacked by path: small entries stay in memory, large ones stream into the
 * blob store. Then {@code manifest.json} is resolved and every layer's uncompressed digest is checked against the
 * config's {@code rootfs.diff_ids}. The result lists the images to record; every blob it needs is in the store and
 * pinned (see {@link LoadedArchive#pinned()}).
 */
public final class SaveArchiveReader {
    static final long SMALL_ENTRY = 1L << 20;
    static final long MEMORY_BUDGET = 64L << 20;
    static final long MANIFEST_MAX = 16L << 20;
    private static final int MAX_LINK_HOPS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore store;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private final Set<String> pinned = new LinkedHashSet<>();
    private long buffered;

    public SaveArchiveReader(BlobStore store) {
        this.store = store;
    }

    /** A regular file of the archive: its bytes in memory, or its blob in the store. */
    private static final class Entry {
        byte[] bytes;
        StoredBlob blob;
    }

    public LoadedArchive read(InputStream body) throws IOException {
        try {
            readEntries(body);
            List<StagedImage> images = resolveManifest();
            return new LoadedArchive(images, new ArrayList<>(pinned));
        } catch (IOException | RuntimeException e) {
            store.unpin(pinned);
            if (e instanceof IOException io && !(e instanceof java.io.InterruptedIOException)) {
                throw BerthException.invalid("invalid archive: " + io.getMessage());
            }
            throw e;
        }
    }

    private void readEntries(InputStream body) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body, 64 * 1024);
        in.mark(2);
        int b0 = in.read();
        int b1 = b0 < 0 ? -1 : in.read();
        in.reset();
        if (b0 < 0) {
            throw BerthException.invalid("invalid archive: empty body");
        }
        InputStream tarStream = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
        TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
        TarArchiveEntry entry;
        int count = 0;
        while ((entry = tar.getNextEntry()) != null) {
            count++;
            String name = ArchivePaths.normalise(entry.getName());
            if (entry.isDirectory() || name.isEmpty()) {
                continue;
            }
            if (entry.isSymbolicLink()) {
                links.put(name, ArchivePaths.resolveLink(name, entry.getLinkName()));
            } else if (entry.isLink()) {
                links.put(name, ArchivePaths.normalise(entry.getLinkName()));
            } else if (entry.isFile()) {
                entries.put(name, readFile(name, entry.getSize(), tar));
            }
            // devices, fifos and the like have no place in a save archive: ignored
        }
        if (count == 0) {
            throw BerthException.invalid("invalid archive: not a tar archive or no entries");
        }
    }

    private Entry readFile(String name, long size, InputStream data) throws IOException {
        Entry e = new Entry();
        boolean metadata = name.equals("manifest.json") || name.equals("index.json") || name.equals("repositories");
        if (metadata && size > MANIFEST_MAX) {
            throw BerthException.invalid("invalid archive: " + name + " is too large");
        }
        if (metadata || (size <= SMALL_ENTRY && buffered + size <= MEMORY_BUDGET)) {
            e.bytes = data.readAllBytes();
            buffered += e.bytes.length;
        } else {
            e.blob = store.putLayer(data);
            pinned.add(e.blob.digest());
        }
        return e;
    }

    private Entry find(String name, String what) {
        String resolved = ArchivePaths.normalise(name);
        for (int hops = 0; links.containsKey(resolved); hops++) {
            if (hops > MAX_LINK_HOPS) {
                throw BerthException.invalid("invalid archive: too many links resolving " + name);
            }
            resolved = links.get(resolved);
        }
        Entry e = entries.get(resolved);
        if (e == null) {
            throw BerthException.invalid("invalid archive: " + what + " " + name + " not found in archive");
        }
        return e;
    }

    private List<StagedImage> resolveManifest() throws IOException {
        Entry manifestEntry = entries.get("manifest.json");
        JsonNode manifest;
        if (manifestEntry == null) {
            if (entries.get("index.json") == null) {
                throw BerthException.invalid("invalid archive: neither manifest.json nor index.json found"
                        + " (docker save archives and OCI image layouts are supported)");
            }
            manifest = OciLayoutIndex.toManifestList(this::ociBlob, entries.get("index.json").bytes);
        } else {
            try {
                manifest = JSON.readTree(manifestEntry.bytes);
            } catch (IOException e) {
                throw BerthException.invalid("invalid archive: manifest.json: " + e.getMessage());
            }
        }
        if (manifest == null || !manifest.isArray()) {
            throw BerthException.invalid("invalid archive: manifest.json is not a list");
        }
        List<StagedImage> images = new ArrayList<>();
        for (JsonNode item : manifest) {
            images.add(resolveImage(item));
        }
        // Everything verified: only now do in-memory blobs go to the store.
        for (StagedImage image : images) {
            pinned.add(store.putBytes(image.config().bytes()));
        }
        return images;
    }

    private StagedImage resolveImage(JsonNode item) throws IOException {
        String configPath = item.path("Config").asText("");
        if (configPath.isEmpty()) {
            throw BerthException.invalid("invalid archive: manifest.json entry without Config");
        }
        ImageConfig config = ImageConfig.parse(bytesOf(find(configPath, "config")));
        List<String> diffIds = config.diffIds();
        JsonNode layerPaths = item.path("Layers");
        int given = layerPaths.isArray() ? layerPaths.size() : 0;
        if (given != diffIds.size()) {
            throw BerthException.invalid("invalid manifest, layers length mismatch: expected " + diffIds.size()
                    + ", got " + given);
        }
        List<StagedLayer> layers = new ArrayList<>();
        for (int i = 0; i < given; i++) {
            String path = layerPaths.get(i).asText("");
            Entry e = find(path, "layer");
            StoredBlob blob = blobOf(e).requireSafeLayer();
            if (!blob.diffId().equals(diffIds.get(i))) {
                throw BerthException.invalid("invalid diffID for layer " + i + ": expected \"" + diffIds.get(i)
                        + "\", got \"" + blob.diffId() + "\"");
            }
            layers.add(new StagedLayer(blob.diffId(), blob.digest(), blob.size(), blob.diffSize(), blob.layerMediaType()));
        }
        List<Reference> tags = new ArrayList<>();
        for (JsonNode tag : item.path("RepoTags")) {
            Reference ref = ReferenceParser.parse(tag.asText(""));
            if (ref.digest() != null || ref.tag() == null) {
                throw BerthException.invalid("invalid tag \"" + tag.asText("") + "\"");
            }
            tags.add(ref);
        }
        // Layers kept in memory go to the store now that this image is verified.
        for (int i = 0; i < given; i++) {
            Entry e = find(layerPaths.get(i).asText(""), "layer");
            if (e.bytes != null) {
                StoredBlob stored = store.putLayer(new ByteArrayInputStream(e.bytes));
                pinned.add(stored.digest());
            }
        }
        return new StagedImage(config, layers, tags);
    }

    /** The bytes of a small OCI layout blob (an index or manifest), by digest. */
    private byte[] ociBlob(String digest) {
        try {
            return bytesOf(find(OciLayoutIndex.blobPath(digest), "blob"));
        } catch (IOException e) {
            throw BerthException.invalid("invalid archive: " + e.getMessage());
        }
    }

    private byte[] bytesOf(Entry e) throws IOException {
        if (e.bytes != null) {
            return e.bytes;
        }
        if (e.blob.size() > MANIFEST_MAX) {
            throw BerthException.invalid("invalid archive: image config too large");
        }
        return store.read(e.blob.digest());
    }

    private static StoredBlob blobOf(Entry e) throws IOException {
        if (e.blob == null) {
            e.blob = LayerHashing.copy(new ByteArrayInputStream(e.bytes), OutputStream.nullOutputStream());
        }
        return e.blob;
    }
}
