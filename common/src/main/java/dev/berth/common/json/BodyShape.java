package dev.berth.common.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON kinds of a request body's fields (a {@code *-shape.txt} resource generated from the Engine API swagger by
 * {@code infra/api-shapes/generate.py}), checked before anything reads the body: dockerd decodes bodies into typed
 * structs and refuses a string where an integer goes, an object where an array goes, or a value outside a field's
 * enum, with a 400; read leniently, such a body would make an object with the field lost.
 */
public final class BodyShape {
    private final Map<String, Field> fields;

    private record Field(String kind, List<String> enumValues) {
    }

    private BodyShape(Map<String, Field> fields) {
        this.fields = fields;
    }

    /** The shape in the classpath resource {@code resource} (an absolute path, {@code /network-create-shape.txt}). */
    public static BodyShape load(String resource) {
        Map<String, Field> fields = new HashMap<>();
        try (InputStream in = BodyShape.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ", 3);
                fields.put(parts[0], new Field(parts[1], parts.length < 3 ? List.of()
                        : List.of(parts[2].split("\\|", -1))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BodyShape(Map.copyOf(fields));
    }

    /** A whole body. */
    public void check(JsonNode body) {
        check(body, "");
    }

    /**
     * A body that is the part of the shape under {@code prefix} ({@code "HostConfig."}: a container update body is a
     * part of the create body's HostConfig).
     */
    public void check(JsonNode node, String prefix) {
        if (node == null || !node.isObject()) {
            throw BerthException.invalid("invalid JSON: the body must be an object");
        }
        for (var it = node.fields(); it.hasNext();) {
            var entry = it.next();
            String path = prefix + entry.getKey();
            Field field = fields.get(path);
            JsonNode value = entry.getValue();
            if (field == null || value.isNull()) {
                continue; // dockerd ignores unknown fields; null is every type's zero value
            }
            if (!fits(field.kind(), value)) {
                throw BerthException.invalid("invalid JSON: " + path + " must be " + article(field.kind()) + ", not "
                        + kindOf(value));
            }
            if (!field.enumValues().isEmpty() && !value.asText().isEmpty()
                    && !field.enumValues().contains(value.asText())) {
                throw BerthException.invalid("invalid " + path + ": '" + value.asText() + "' (one of: "
                        + String.join(", ", field.enumValues().stream().filter(v -> !v.isEmpty()).toList()) + ")");
            }
            if (value.isObject() && field.kind().equals("object")) {
                check(value, path + ".");
            }
        }
    }

    private static boolean fits(String kind, JsonNode value) {
        return switch (kind) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "strslice" -> value.isTextual() || value.isArray();
            default -> value.isObject();
        };
    }

    private static String kindOf(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        return value.isBoolean() ? "a boolean" : value.isArray() ? "an array" : "an object";
    }

    private static String article(String kind) {
        return switch (kind) {
            case "integer", "array", "object" -> "an " + kind;
            case "strslice" -> "a string or an array of strings";
            default -> "a " + kind;
        };
    }
}
