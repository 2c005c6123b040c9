package dev.berth.image.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import dev.berth.image.store.Digests;
import java.io.IOException;
import java.util.function.Function;

/**
 * An OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}) without Docker's
 * {@code manifest.json}: turns {@code index.json} into the equivalent {@code manifest.json} list (Config, Layers as
 * blob paths, RepoTags from the {@code io.containerd.image.name} or a full {@code org.opencontainers.image.ref.name}
 * annotation). Nested indexes are followed; from a multi-platform one, linux/amd64 (or an entry without platform).
 */
final class OciLayoutIndex {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 4;

    private OciLayoutIndex() {
    }

    static String blobPath(String digest) {
        Digests.requireValid(digest);
        return "blobs/sha256/" + digest.substring(Digests.PREFIX.length());
    }

    static JsonNode toManifestList(Function<String, byte[]> blobs, byte[] indexJson) {
        ArrayNode list = JSON.createArrayNode();
        JsonNode index = read(indexJson, "index.json");
        for (JsonNode descriptor : index.path("manifests")) {
            String tag = tagOf(descriptor.path("annotations"));
            ObjectNode item = imageOf(blobs, descriptor, 0);
            if (item == null) {
                continue;
            }
            ArrayNode tags = item.putArray("RepoTags");
            if (tag != null) {
                tags.add(tag);
            }
            list.add(item);
        }
        if (list.isEmpty()) {
            throw BerthException.invalid("invalid archive: index.json names no linux/amd64 image");
        }
        return list;
    }

    /** The manifest.json item for the image behind a descriptor, or null (no suitable platform). */
    private static ObjectNode imageOf(Function<String, byte[]> blobs, JsonNode descriptor, int depth) {
        if (depth > MAX_DEPTH) {
            throw BerthException.invalid("invalid archive: indexes nested too deeply");
        }
        String digest = descriptor.path("digest").asText("");
        JsonNode doc = read(blobs.apply(digest), digest);
        if (doc.has("manifests")) {
            JsonNode chosen = null;
            for (JsonNode d : doc.path("manifests")) {
                JsonNode platform = d.path("platform");
                if (platform.isMissingNode() && chosen == null
                        || "linux".equals(platform.path("os").asText()) && "amd64".equals(
                                platform.path("architecture").asText())) {
                    chosen = d;
                }
            }
            return chosen == null ? null : imageOf(blobs, chosen, depth + 1);
        }
        if (!doc.has("config") || !doc.path("layers").isArray()) {
            throw BerthException.invalid("invalid archive: " + digest + " is neither an index nor an image manifest");
        }
        ObjectNode item = JSON.createObjectNode();
        item.put("Config", blobPath(doc.path("config").path("digest").asText("")));
        ArrayNode layers = item.putArray("Layers");
        doc.path("layers").forEach(l -> layers.add(blobPath(l.path("digest").asText(""))));
        return item;
    }

    /** {@code io.containerd.image.name}, else {@code org.opencontainers.image.ref.name} when it is a full name:tag. */
    static String tagOf(JsonNode annotations) {
        String containerd = annotations.path("io.containerd.image.name").asText("");
        if (!containerd.isEmpty()) {
            return tagged(containerd);
        }
        String refName = annotations.path("org.opencontainers.image.ref.name").asText("");
        if (refName.contains("/") || refName.contains(":")) {
            return tagged(refName);
        }
        return null; // a bare tag names no repository: loaded untagged, as dockerd does
    }

    private static String tagged(String name) {
        Reference ref = ReferenceParser.parse(name);
        if (ref.digest() != null) {
            return null;
        }
        return ref.withDefaultTag().full();
    }

    private static JsonNode read(byte[] bytes, String what) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw BerthException.invalid("invalid archive: " + what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw BerthException.invalid("invalid archive: " + what + ": " + e.getMessage());
        }
    }
}
