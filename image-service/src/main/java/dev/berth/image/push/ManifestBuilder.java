package dev.berth.image.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.registry.MediaTypes;
import dev.berth.image.registry.wire.Descriptor;
import java.util.List;

/** A Docker v2 schema 2 manifest for an image that has none from a registry (imported, loaded, committed). */
final class ManifestBuilder {
    static final String CONFIG_MEDIA = "application/vnd.docker.container.image.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestBuilder() {
    }

    static byte[] build(Descriptor config, List<Descriptor> layers) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.DOCKER_MANIFEST);
        root.set("config", descriptor(config));
        ArrayNode list = root.putArray("layers");
        layers.forEach(l -> list.add(descriptor(l)));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode descriptor(Descriptor d) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("mediaType", d.mediaType());
        node.put("size", d.size());
        node.put("digest", d.digest());
        return node;
    }
}
