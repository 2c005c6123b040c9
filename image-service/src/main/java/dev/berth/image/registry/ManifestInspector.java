package dev.berth.image.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.image.reference.Reference;
import dev.berth.image.registry.wire.Descriptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a registry holds under a reference, without pulling it ({@code GET /distribution/<name>/json}, moby's
 * {@code fetchManifest}): the descriptor of the manifest or index the reference names, and the platforms it is for:
 * an index's entries, or the platform of a Docker schema 2 manifest's config. An OCI image manifest names no platform
 * there, and dockerd reports none for it either.
 */
@ApplicationScoped
public class ManifestInspector {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int MAX_CONFIG = 4 * 1024 * 1024;
    private static final String SCHEMA1 = "application/vnd.docker.distribution.manifest.v1";

    private final RegistryClient client;

    public ManifestInspector(RegistryClient client) {
        this.client = client;
    }

    /** The manifest's descriptor and platforms; {@code platforms} is null when the registry names none. */
    public record Inspected(String mediaType, String digest, long size, List<Descriptor.Platform> platforms) {
    }

    public Inspected inspect(RegistrySession session, Reference ref) {
        String wanted = ref.digest() != null ? ref.digest() : ref.tag();
        HttpResponse<InputStream> response = client.get(session, session.endpoint().manifest(wanted),
                Map.of("Accept", MediaTypes.ACCEPT));
        if (response.statusCode() != 200) {
            // as dockerd: the registry's error as it is ("manifest unknown: manifest unknown"), with its status
            throw RegistryClient.error(response, "");
        }
        ManifestFetch fetched = ManifestFetch.read(response, ref, ref.digest());
        if (fetched.mediaType().startsWith(SCHEMA1) || fetched.document().schemaVersion() == 1) {
            throw BerthException.invalid("Docker Image Format v1 and Docker Image manifest version 2, schema 1"
                    + " support has been removed. Suggest the author of " + ref.full() + " to upgrade the image to"
                    + " the OCI Format or Docker Image manifest v2, schema 2. More information at"
                    + " https://docs.docker.com/go/deprecated-image-specs/");
        }
        return new Inspected(fetched.mediaType(), fetched.digest(), fetched.bytes().length,
                platforms(session, fetched));
    }

    private List<Descriptor.Platform> platforms(RegistrySession session, ManifestFetch fetched) {
        if (fetched.isIndex()) {
            List<Descriptor> entries = fetched.document().manifests();
            if (entries == null || entries.isEmpty()) {
                return null;
            }
            List<Descriptor.Platform> platforms = new ArrayList<>();
            for (Descriptor entry : entries) {
                Descriptor.Platform p = entry.platform();
                platforms.add(p == null ? new Descriptor.Platform("", "", null, null, null) : p);
            }
            return platforms;
        }
        if (!MediaTypes.DOCKER_MANIFEST.equals(fetched.mediaType()) || fetched.document().config() == null) {
            return null;
        }
        Descriptor.Platform config = configPlatform(session, fetched.document().config().digest());
        boolean named = config != null && (notEmpty(config.os()) || notEmpty(config.architecture()));
        return named ? List.of(config) : null;
    }

    /** The config's platform fields; null when it cannot be read (dockerd then reports no platform). */
    private Descriptor.Platform configPlatform(RegistrySession session, String digest) {
        try {
            HttpResponse<InputStream> response = client.get(session, session.endpoint().blob(digest), Map.of());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return null;
                }
                return JSON.readValue(body.readNBytes(MAX_CONFIG), Descriptor.Platform.class);
            }
        } catch (IOException | RegistryException e) {
            return null;
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
