package dev.berth.image.registry;

import dev.berth.common.errors.ErrorKind;
import dev.berth.image.reference.Reference;
import dev.berth.image.registry.wire.Descriptor;
import dev.berth.image.registry.wire.ManifestDocument;
import dev.berth.image.store.Digests;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** {@code GET /v2/<name>/manifests/<ref>}: resolves a tag or digest to the linux/amd64 image manifest. */
@ApplicationScoped
public class ManifestPuller {
    private final RegistryClient client;

    public ManifestPuller(RegistryClient client) {
        this.client = client;
    }

    public PulledManifest pull(RegistrySession session, Reference ref) {
        String wanted = ref.digest() != null ? ref.digest() : ref.tag();
        ManifestFetch top = fetch(session, ref, wanted, ref.digest());
        ManifestFetch image = top;
        if (top.isIndex()) {
            Descriptor chosen = select(top.document().manifests(), ref);
            image = fetch(session, ref, chosen.digest(), chosen.digest());
        }
        ManifestDocument doc = image.document();
        if (doc.config() == null || doc.layers() == null) {
            throw new RegistryException(ErrorKind.INTERNAL, 0, null, "unsupported manifest format for "
                    + ref.familiar() + " (schema " + doc.schemaVersion() + ", " + top.mediaType() + ")");
        }
        Digests.requireValid(doc.config().digest());
        doc.layers().forEach(l -> Digests.requireValid(l.digest()));
        return new PulledManifest(top.digest(), doc.config(), doc.layers(), image.digest(), image.mediaType(),
                image.bytes());
    }

    private ManifestFetch fetch(RegistrySession session, Reference ref, String reference, String expectedDigest) {
        HttpResponse<InputStream> response = client.get(session, session.endpoint().manifest(reference),
                Map.of("Accept", MediaTypes.ACCEPT));
        if (response.statusCode() != 200) {
            RegistryException e = RegistryClient.error(response, "");
            if (response.statusCode() == 404) {
                throw new RegistryException(ErrorKind.NOT_FOUND, 404, e.code(),
                        "manifest for " + ref.familiar() + " not found: " + e.getMessage());
            }
            throw new RegistryException(e.kind(), e.status(), e.code(),
                    "error pulling manifest for " + ref.familiar() + ": " + e.getMessage());
        }
        return ManifestFetch.read(response, ref, expectedDigest);
    }

    static Descriptor select(List<Descriptor> manifests, Reference ref) {
        if (manifests != null) {
            for (Descriptor d : manifests) {
                if (d.platform() != null && "linux".equals(d.platform().os())
                        && "amd64".equals(d.platform().architecture())) {
                    return d;
                }
            }
        }
        throw new RegistryException(ErrorKind.NOT_FOUND, 404, "MANIFEST_UNKNOWN", "no matching manifest for"
                + " linux/amd64 in the manifest list entries of " + ref.familiar());
    }
}
