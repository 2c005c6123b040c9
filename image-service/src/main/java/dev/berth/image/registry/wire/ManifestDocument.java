package dev.berth.image.registry.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** An image manifest or an index / manifest list, as the registry sends it (only the fields berth reads). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestDocument(int schemaVersion, String mediaType, Descriptor config, List<Descriptor> layers,
        List<Descriptor> manifests) {
}
