package dev.berth.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageLayer;
import dev.berth.image.reference.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Docker's image shapes from the rows. */
final class ImageViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageViews() {
    }

    static ImageSummary summary(Image image, List<Reference> tags) {
        ImageConfig config = ImageConfig.parse(image.config);
        long created = image.created == null ? 0 : image.created.toEpochSecond();
        return new ImageSummary(image.id, "", tags.stream().map(Reference::familiar).toList(), List.of(), created,
                image.size, -1, config.labels(), -1);
    }

    static ImageInspect inspect(Image image, List<Reference> tags, List<ImageLayer> layers) {
        ImageConfig config = ImageConfig.parse(image.config);
        return new ImageInspect(image.id,
                tags.stream().map(Reference::familiar).toList(),
                List.of(),
                "",
                config.comment(),
                DockerTime.rfc3339Nano(config.created()),
                "",
                config.author(),
                containerConfig(config),
                config.architecture(),
                config.variant(),
                config.os(),
                image.size,
                new ImageInspect.GraphDriver("overlay2", null),
                new ImageInspect.RootFs("layers", layers.stream().map(l -> l.diffId).toList()),
                new ImageInspect.Metadata(image.lastTagTime == null ? DockerTime.ZERO
                        : DockerTime.rfc3339Nano(image.lastTagTime.toInstant())));
    }

    /** The image's container config with Docker's names; the usual fields are always present. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> containerConfig(ImageConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("User", "");
        out.put("Env", List.of());
        out.put("Cmd", null);
        out.put("WorkingDir", "");
        out.put("Entrypoint", null);
        out.put("Labels", null);
        JsonNode node = config.containerConfig();
        out.putAll(JSON.convertValue(node, Map.class));
        return out;
    }
}
