package dev.berth.image.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.image.store.Digests;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An OCI/Docker image config, parsed from its exact bytes (whose sha256 is the image id). */
public record ImageConfig(String id, byte[] bytes, JsonNode json) {
    static final ObjectMapper JSON = new ObjectMapper();

    public static ImageConfig parse(byte[] bytes) {
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (IOException e) {
            throw BerthException.invalid("invalid image config: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw BerthException.invalid("invalid image config: not a JSON object");
        }
        JsonNode rootfs = json.path("rootfs");
        if (!rootfs.isMissingNode() && !rootfs.path("diff_ids").isMissingNode() && !rootfs.path("diff_ids").isArray()) {
            throw BerthException.invalid("invalid image config: rootfs.diff_ids is not an array");
        }
        ImageConfig config = new ImageConfig(Digests.of(bytes), bytes, json);
        for (String diffId : config.diffIds()) {
            if (!Digests.isValid(diffId)) {
                throw BerthException.invalid("invalid image config: bad diff id " + diffId);
            }
        }
        return config;
    }

    public List<String> diffIds() {
        List<String> ids = new ArrayList<>();
        json.path("rootfs").path("diff_ids").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    public String architecture() {
        return json.path("architecture").asText("");
    }

    public String os() {
        return json.path("os").asText("");
    }

    public String variant() {
        return json.path("variant").asText(null);
    }

    public String author() {
        return json.path("author").asText("");
    }

    /** The comment of the last history entry, as Docker shows it in inspect. */
    public String comment() {
        JsonNode history = json.path("history");
        if (history.isArray() && history.size() > 0) {
            return history.get(history.size() - 1).path("comment").asText("");
        }
        return json.path("comment").asText("");
    }

    public Instant created() {
        String created = json.path("created").asText(null);
        if (created == null || created.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(created).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The container config ({@code config}), an empty object when absent. */
    public ObjectNode containerConfig() {
        JsonNode node = json.path("config");
        return node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        containerConfig().path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
