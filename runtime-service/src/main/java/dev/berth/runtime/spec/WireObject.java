package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object of Docker's wire JSON read strictly, as dockerd's Go decoder does: an absent or null field is the zero
 * value, a field of the wrong JSON type is a 400 worded as Go's {@code encoding/json} words it ("json: cannot
 * unmarshal string into Go struct field HostConfig.HostConfig.Memory of type int64").
 */
final class WireObject {
    private final JsonNode node;
    private final String struct;
    private final String path;

    private WireObject(JsonNode node, String struct, String path) {
        this.node = node;
        this.struct = struct;
        this.path = path;
    }

    /** {@code node} as the Go struct {@code struct} at {@code path} ("" at the top of the request). */
    static WireObject of(JsonNode node, String struct, String path) {
        if (node != null && !node.isNull() && !node.isMissingNode() && !node.isObject()) {
            throw typeError(node, struct, "", "container." + struct);
        }
        return new WireObject(node == null || !node.isObject() ? JsonNodeFactory.instance.objectNode() : node,
                struct, path);
    }

    /** The object in {@code field}, as the Go struct {@code type}. */
    WireObject object(String field, String type) {
        return element(present(field), field, type);
    }

    /** {@code type} is the struct's Go name, package-qualified ("mount.Mount") unless it is in {@code container}. */
    private WireObject element(JsonNode value, String field, String type) {
        if (value != null && !value.isObject()) {
            throw typeError(value, struct, fieldPath(field), qualified(type));
        }
        return new WireObject(value == null ? JsonNodeFactory.instance.objectNode() : value,
                type.substring(type.lastIndexOf('.') + 1), fieldPath(field));
    }

    private static String qualified(String type) {
        return type.contains(".") ? type : "container." + type;
    }

    long int64(String field) {
        return int64(field, "int64");
    }

    /** A {@code time.Duration}: nanoseconds. */
    long duration(String field) {
        return int64(field, "time.Duration");
    }

    private long int64(String field, String goType) {
        JsonNode v = present(field);
        if (v == null) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw typeError(v, struct, fieldPath(field), goType);
        }
        return v.asLong();
    }

    /** Whether the field is there and not null. */
    boolean has(String field) {
        return present(field) != null;
    }

    /** A pointer field ({@code *int64}): null when absent or null. */
    Long nullableInt64(String field) {
        return present(field) == null ? null : int64(field);
    }

    int integer(String field) {
        long v = int64(field, "int");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw typeError(node.get(field), struct, fieldPath(field), "int");
        }
        return (int) v;
    }

    boolean bool(String field) {
        JsonNode v = present(field);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw typeError(v, struct, fieldPath(field), "bool");
        }
        return v.asBoolean();
    }

    String string(String field) {
        return string(field, "string");
    }

    /** A string-kinded Go type ({@code mount.Type}, {@code netip.Addr}, …): "" when absent. */
    String string(String field, String goType) {
        JsonNode v = present(field);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            throw typeError(v, struct, fieldPath(field), goType);
        }
        return v.asText();
    }

    /** A {@code *int}: null when absent or null. */
    Integer nullableInteger(String field) {
        return present(field) == null ? null : integer(field);
    }

    /** An unsigned Go integer of at most {@code max} ({@code uint16}, {@code os.FileMode}, …). */
    long unsigned(String field, String goType, long max) {
        JsonNode v = present(field);
        long value = v == null ? 0 : int64(field, goType);
        if (value < 0 || value > max) {
            throw typeError(v, struct, fieldPath(field), goType);
        }
        return value;
    }

    /**
     * A Go array of {@code n} unsigned integers ({@code [2]uint}): empty when absent; as Go's decoder, missing
     * elements are zero and extra ones dropped.
     */
    List<Long> unsignedArray(String field, String goType, String elementType, int n) {
        JsonNode v = present(field);
        List<Long> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw typeError(v, struct, fieldPath(field), goType);
        }
        for (int i = 0; i < n; i++) {
            JsonNode element = v.get(i);
            if (element == null || element.isNull()) {
                out.add(0L);
            } else if (!element.isIntegralNumber() || !element.canConvertToLong() || element.asLong() < 0) {
                throw typeError(element, struct, fieldPath(field), elementType);
            } else {
                out.add(element.asLong());
            }
        }
        return out;
    }

    /** The keys of a map whose values are empty structs ({@code map[network.Port]struct{}}), in order. */
    List<String> keys(String field, String goType) {
        List<String> out = new ArrayList<>();
        entries(field, goType).forEach((key, value) -> {
            if (!value.isNull() && !value.isObject()) {
                throw typeError(value, struct, fieldPath(field), "struct {}");
            }
            out.add(key);
        });
        return out;
    }

    /** A {@code map[K]*T} of objects, in order; a null value stays null. */
    Map<String, WireObject> objectMap(String field, String goType, String type) {
        Map<String, WireObject> out = new LinkedHashMap<>();
        entries(field, goType).forEach((key, value) -> out.put(key,
                value.isNull() ? null : element(value, field, type)));
        return out;
    }

    /** A {@code map[K][]T} of object lists, in order; a null list is empty. */
    Map<String, List<WireObject>> objectListMap(String field, String goType, String type) {
        Map<String, List<WireObject>> out = new LinkedHashMap<>();
        entries(field, goType).forEach((key, value) -> {
            if (!value.isNull() && !value.isArray()) {
                throw typeError(value, struct, fieldPath(field), "[]" + qualified(type));
            }
            List<WireObject> list = new ArrayList<>();
            value.forEach(o -> list.add(element(o.isNull() ? null : o, field, type)));
            out.put(key, list);
        });
        return out;
    }

    /** A {@code map[string]string}, in the request's order; empty when absent. */
    Map<String, String> stringMap(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        entries(field, "map[string]string").forEach((key, value) -> {
            if (!value.isTextual()) {
                throw typeError(value, struct, fieldPath(field), "string");
            }
            out.put(key, value.asText());
        });
        return out;
    }

    /** The entries of a Go map field ({@code goType}), in the request's order; empty when absent. */
    private Map<String, JsonNode> entries(String field, String goType) {
        JsonNode v = present(field);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw typeError(v, struct, fieldPath(field), goType);
        }
        v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** A {@code []string}; empty when absent. */
    List<String> strings(String field) {
        JsonNode v = present(field);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw typeError(v, struct, fieldPath(field), "[]string");
        }
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw typeError(s, struct, fieldPath(field), "string");
            }
            out.add(s.asText());
        }
        return out;
    }

    /** The object in {@code field} as the pointer {@code *type}: null when absent or null. */
    WireObject nullableObject(String field, String type) {
        return has(field) ? object(field, type) : null;
    }

    /** The objects of a {@code []T} field, each read as the Go struct {@code type}. */
    List<WireObject> objects(String field, String type) {
        JsonNode v = present(field);
        List<WireObject> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw typeError(v, struct, fieldPath(field), "[]" + qualified(type));
        }
        for (JsonNode o : v) {
            out.add(element(o.isNull() ? null : o, field, type));
        }
        return out;
    }

    private JsonNode present(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private String fieldPath(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static BerthException typeError(JsonNode value, String struct, String path, String goType) {
        boolean integer = goType.startsWith("int") || goType.startsWith("uint") || goType.equals("time.Duration")
                || goType.equals("fs.FileMode");
        String kind = value.isTextual() ? "string" : value.isBoolean() ? "bool" : value.isArray() ? "array"
                : value.isObject() ? "object" : integer && value.isNumber() ? "number " + value : "number";
        String where = path.isEmpty() ? "Go value" : "Go struct field " + struct + "." + path;
        return BerthException.invalid("json: cannot unmarshal " + kind + " into " + where + " of type " + goType);
    }
}
