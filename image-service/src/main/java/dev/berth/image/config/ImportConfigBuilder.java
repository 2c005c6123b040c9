package dev.berth.image.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Builds the config of an image created by {@code docker import}: one layer, PATH, and the given changes. */
public final class ImportConfigBuilder {
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ImportConfigBuilder() {
    }

    public static ImageConfig build(String diffId, List<String> changes, String message, Instant now) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String created = DateTimeFormatter.ISO_INSTANT.format(now);
        ObjectNode container = nodes.objectNode();
        container.putArray("Env").add(DEFAULT_PATH);
        ChangesParser.apply(changes, container);

        ObjectNode root = nodes.objectNode();
        root.put("architecture", hostArchitecture());
        root.set("config", container);
        root.put("created", created);
        ObjectNode history = root.putArray("history").addObject();
        history.put("created", created);
        history.put("comment", message == null || message.isEmpty() ? "Imported from -" : message);
        root.put("os", "linux");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        try {
            return ImageConfig.parse(ImageConfig.JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Docker's GOARCH names for the JVM's architecture. */
    public static String hostArchitecture() {
        return dev.berth.common.platform.GoArch.host();
    }
}
