package dev.berth.image.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.image.config.ChangesParser;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * The parameters of {@code POST /internal/commit} (runtime-service's {@code docker commit}), validated before the
 * layer is read. {@code containerConfig} is the container's Docker Config object.
 */
public record CommitRequest(String parent, String containerId, Reference tag, String comment, String author,
        List<String> changes, ObjectNode containerConfig) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static CommitRequest of(String parent, String container, String repo, String tag, String comment,
            String author, List<String> changes, String configHeader) {
        if (parent == null || parent.isEmpty()) {
            throw BerthException.invalid("parent image is required");
        }
        Reference ref = null;
        if (repo != null && !repo.isEmpty()) {
            ref = ReferenceParser.parse(repo);
            if (ref.digest() != null) {
                throw BerthException.invalid("refusing to create a tag with a digest reference");
            }
            if (tag != null && !tag.isEmpty()) {
                ref = ref.withTag(ReferenceParser.validTag(tag));
            }
            ref = ref.withDefaultTag();
        } else if (tag != null && !tag.isEmpty()) {
            throw BerthException.invalid("tag given without a repository");
        }
        List<String> given = changes == null ? List.of() : changes;
        ChangesParser.apply(given, JsonNodeFactory.instance.objectNode()); // fail before reading the body
        return new CommitRequest(parent, container == null ? "" : container, ref, comment == null ? "" : comment,
                author == null ? "" : author, given, decodeConfig(configHeader));
    }

    static ObjectNode decodeConfig(String header) {
        if (header == null || header.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(header.strip()));
            if (node == null || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw BerthException.invalid("X-Berth-Container-Config is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (IllegalArgumentException | IOException e) {
            throw BerthException.invalid("X-Berth-Container-Config is not base64url JSON: " + e.getMessage());
        }
    }
}
