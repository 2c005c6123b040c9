package dev.berth.image.pull;

import dev.berth.image.domain.ImageLayer;
import dev.berth.image.reference.Reference;
import dev.berth.image.registry.PulledManifest;
import dev.berth.image.registry.RegistrySession;
import java.util.Map;

/**
 * What a pull found before it answered: the manifest, the image the reference already names with that manifest (up to
 * date, or null), and the layers berth already has, by blob digest.
 */
public record PullPlan(Reference ref, RegistrySession session, PulledManifest manifest, String upToDateImage,
        Map<String, ImageLayer> known) {
}
