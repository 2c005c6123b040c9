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
        return summary(image, tags, List.of());
    }

    static ImageSummary summary(Image image, List<Reference> tags, List<String> repoDigests) {
        ImageConfig config = ImageConfig.parse(image.config);
        long created = image.created == null ? 0 : image.created.toEpochSecond();
        return new ImageSummary(image.id, parentOf(image), tags.stream().map(Reference::familiar).toList(), repoDigests, created,
                image.size, -1, config.labels(), -1);
    }

    static ImageInspect inspect(Image image, List<Reference> tags, List<ImageLayer> layers) {
        return inspect(image, tags, layers, List.of());
    }

    static ImageInspect inspect(Image image, List<Reference> tags, List<ImageLayer> layers,
            List<String> repoDigests) {
        ImageConfig config = ImageConfig.parse(image.config);
        return new ImageInspect(image.id,
                tags.stream().map(Reference::familiar).toList(),
                repoDigests,
                parentOf(image),
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
                        : DockerTime.rfc3339Nano(image.lastTagTime.toInstant())),
                config.json().path("container").asText(""),
                legacyContainerConfig(config));
    }

    private static String parentOf(Image image) {
        return image.parent == null ? "" : image.parent;
    }

    /**
     * The config of the container that made the image (the legacy {@code container_config} of classic builds), over
     * the empty container config dockerd showed when there was none.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> legacyContainerConfig(ImageConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Hostname", "");
        out.put("Domainname", "");
        out.put("User", "");
        out.put("AttachStdin", false);
        out.put("AttachStdout", false);
        out.put("AttachStderr", false);
        out.put("Tty", false);
        out.put("OpenStdin", false);
        out.put("StdinOnce", false);
        out.put("Env", null);
        out.put("Cmd", null);
        out.put("Image", "");
        out.put("Volumes", null);
        out.put("WorkingDir", "");
        out.put("Entrypoint", null);
        out.put("OnBuild", null);
        out.put("Labels", null);
        JsonNode legacy = config.json().path("container_config");
        if (legacy.isObject()) {
            out.putAll(JSON.convertValue(legacy, Map.class));
        }
        return out;
    }

    /**
     * Docker's history: the config's history entries, newest first; entries that made a layer get its size, the
     * newest one carries the image id and tags, older ones {@code <missing>}.
     */
    static List<HistoryItem> history(Image image, List<Reference> tags, List<ImageLayer> layers) {
        ImageConfig config = ImageConfig.parse(image.config);
        List<HistoryItem> items = new java.util.ArrayList<>();
        int layer = 0;
        JsonNode history = config.json().path("history");
        for (JsonNode h : history) {
            boolean empty = h.path("empty_layer").asBoolean(false);
            long size = 0;
            if (!empty && layer < layers.size()) {
                size = layers.get(layer++).diffSize;
            }
            long created = 0;
            try {
                created = java.time.OffsetDateTime.parse(h.path("created").asText("")).toEpochSecond();
            } catch (java.time.format.DateTimeParseException e) {
                // stays 0
            }
            items.add(0, new HistoryItem("<missing>", created, h.path("created_by").asText(""), null, size,
                    h.path("comment").asText("")));
        }
        if (items.isEmpty()) {
            long created = image.created == null ? 0 : image.created.toEpochSecond();
            items.add(new HistoryItem("<missing>", created, "", null, image.size, ""));
        }
        HistoryItem top = items.get(0);
        items.set(0, new HistoryItem(image.id, top.created(), top.createdBy(),
                tags.isEmpty() ? null : tags.stream().map(Reference::familiar).toList(), top.size(), top.comment()));
        return items;
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
