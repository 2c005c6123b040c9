package dev.berth.image.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.ErrorKind;
import dev.berth.image.reference.Reference;
import dev.berth.image.registry.wire.ManifestDocument;
import dev.berth.image.store.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * A manifest or index a registry sent (a 200 to {@code GET /v2/<name>/manifests/<ref>}): its digest over the exact
 * bytes, its media type (the document's own, else the {@code Content-Type}), the parsed document and the bytes.
 */
record ManifestFetch(String digest, String mediaType, ManifestDocument document, byte[] bytes) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int MAX_MANIFEST = 4 * 1024 * 1024;

    /** Reads a 200 answer; {@code expectedDigest} (null for a tag) must be the digest of what came. */
    static ManifestFetch read(HttpResponse<InputStream> response, Reference ref, String expectedDigest) {
        byte[] bytes;
        try (InputStream body = response.body()) {
            bytes = body.readNBytes(MAX_MANIFEST + 1);
        } catch (IOException e) {
            throw new RegistryException(ErrorKind.INTERNAL, 0, null, "reading manifest: " + e.getMessage());
        }
        if (bytes.length > MAX_MANIFEST) {
            throw new RegistryException(ErrorKind.INTERNAL, 0, null, "manifest for " + ref.familiar() + " too large");
        }
        String digest = Digests.of(bytes);
        if (expectedDigest != null && expectedDigest.startsWith(Digests.PREFIX) && !expectedDigest.equals(digest)) {
            throw new RegistryException(ErrorKind.INTERNAL, 0, null,
                    "manifest verification failed for digest " + expectedDigest);
        }
        String mediaType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
        try {
            ManifestDocument doc = JSON.readValue(bytes, ManifestDocument.class);
            if (doc.mediaType() != null && !doc.mediaType().isEmpty()) {
                mediaType = doc.mediaType();
            }
            return new ManifestFetch(digest, mediaType, doc, bytes);
        } catch (IOException e) {
            throw new RegistryException(ErrorKind.INTERNAL, 0, null, "invalid manifest: " + e.getMessage());
        }
    }

    /** An index or manifest list (also one sent without a media type: manifests and no config). */
    boolean isIndex() {
        return MediaTypes.isIndex(mediaType) || (document.manifests() != null && document.config() == null);
    }
}
