package dev.berth.runtime.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.json.StrictJson;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** The JSON text columns of a container row, read and written strictly ({@link StrictJson}), and new 64-hex ids. */
public final class ContainerJson {
    public static final ObjectMapper JSON = StrictJson.JSON;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ContainerJson() {
    }

    public static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A column's JSON; an absent one reads as {@code {}}, an unreadable one is an error. */
    public static JsonNode readTree(String json) {
        return StrictJson.tree(json);
    }

    public static List<String> fromJson(String json) {
        return StrictJson.strings(json);
    }

    public static String toJson(Object value) {
        return StrictJson.write(value);
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
