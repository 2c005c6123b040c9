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
 * Builds the config of a committed container as moby's {@code NewChildImage}: the parent's rootfs plus the new layer
 * (left out when it is empty, with {@code empty_layer} in history), {@code config} = the container's config with the
 * changes applied, {@code container} and {@code container_config} as Docker writes them.
 */
public final class CommitConfigBuilder {
    /** sha256 of an empty tar (1024 zero bytes): Docker's {@code DigestSHA256EmptyTar}. */
    public static final String EMPTY_TAR =
            "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

    private CommitConfigBuilder() {
    }

    /**
     * @param diffId the new layer's diff id, or null when the layer is empty
     */
    public static ImageConfig build(ImageConfig parent, String diffId, ObjectNode containerConfig,
            List<String> changes, String containerId, String author, String comment, Instant now) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String created = DateTimeFormatter.ISO_INSTANT.format(now);
        ObjectNode config = containerConfig.deepCopy();
        ChangesParser.apply(changes, config);

        ObjectNode root = nodes.objectNode();
        root.put("architecture", parent.architecture().isEmpty()
                ? ImportConfigBuilder.hostArchitecture() : parent.architecture());
        if (author != null && !author.isEmpty()) {
            root.put("author", author);
        }
        root.set("config", config);
        root.put("container", containerId);
        root.set("container_config", containerConfig.deepCopy());
        root.put("created", created);
        ArrayNode history = root.putArray("history");
        JsonNode parentHistory = parent.json().path("history");
        if (parentHistory.isArray()) {
            parentHistory.forEach(h -> history.add(h.deepCopy()));
        }
        ObjectNode entry = history.addObject();
        entry.put("created", created);
        if (author != null && !author.isEmpty()) {
            entry.put("author", author);
        }
        entry.put("created_by", commandLine(containerConfig));
        if (comment != null && !comment.isEmpty()) {
            entry.put("comment", comment);
        }
        if (diffId == null) {
            entry.put("empty_layer", true);
        }
        root.put("os", parent.os().isEmpty() ? "linux" : parent.os());
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        List<String> ids = new ArrayList<>(parent.diffIds());
        if (diffId != null) {
            ids.add(diffId);
        }
        ids.forEach(diffIds::add);
        if (parent.variant() != null) {
            root.put("variant", parent.variant());
        }
        try {
            return ImageConfig.parse(ImageConfig.JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code strings.Join(containerConfig.Cmd, " ")}. */
    private static String commandLine(ObjectNode containerConfig) {
        JsonNode cmd = containerConfig.path("Cmd");
        if (!cmd.isArray()) {
            return cmd.isTextual() ? cmd.asText() : "";
        }
        List<String> parts = new ArrayList<>();
        cmd.forEach(c -> parts.add(c.asText()));
        return String.join(" ", parts);
    }
}
