package dev.berth.image.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The config of an image made by one Dockerfile step: the parent's rootfs and history (none for {@code FROM
 * scratch}) plus this step's layer, unless it is empty ({@code empty_layer} in history, as moby's
 * {@code NewChildImage}), with {@code config} exactly as the builder worked it out and history's {@code created_by}
 * the step's line.
 */
public final class BuildStepConfigBuilder {
    private BuildStepConfigBuilder() {
    }

    /**
     * @param parent the parent image's config, or null for scratch
     * @param diffId the step's layer, or null when the step changed no file
     */
    public static ImageConfig build(ImageConfig parent, String diffId, ObjectNode config, String createdBy,
            Instant now) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String created = DateTimeFormatter.ISO_INSTANT.format(now);
        ObjectNode root = nodes.objectNode();
        String architecture = parent == null ? "" : parent.architecture();
        root.put("architecture", architecture.isEmpty() ? ImportConfigBuilder.hostArchitecture() : architecture);
        if (parent != null && parent.author() != null && !parent.author().isEmpty()) {
            root.put("author", parent.author());
        }
        root.set("config", config.deepCopy());
        root.put("created", created);
        ArrayNode history = root.putArray("history");
        if (parent != null) {
            JsonNode parentHistory = parent.json().path("history");
            if (parentHistory.isArray()) {
                parentHistory.forEach(h -> history.add(h.deepCopy()));
            }
        }
        ObjectNode entry = history.addObject();
        entry.put("created", created);
        entry.put("created_by", createdBy);
        if (diffId == null) {
            entry.put("empty_layer", true);
        }
        root.put("os", parent == null || parent.os().isEmpty() ? "linux" : parent.os());
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        List<String> ids = new ArrayList<>(parent == null ? List.of() : parent.diffIds());
        if (diffId != null) {
            ids.add(diffId);
        }
        ids.forEach(diffIds::add);
        if (parent != null && parent.variant() != null) {
            root.put("variant", parent.variant());
        }
        try {
            return ImageConfig.parse(ImageConfig.JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
