package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.Iterator;
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

    private WireObject element(JsonNode value, String field, String type) {
        if (value != null && !value.isObject()) {
            throw typeError(value, struct, fieldPath(field), "container." + type);
        }
        return new WireObject(value == null ? JsonNodeFactory.instance.objectNode() : value, type, fieldPath(field));
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
        JsonNode v = present(field);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            throw typeError(v, struct, fieldPath(field), "string");
        }
        return v.asText();
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

    /** A {@code map[string]string}, in the request's order; empty when absent. */
    Map<String, String> stringMap(String field) {
        JsonNode v = present(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw typeError(v, struct, fieldPath(field), "map[string]string");
        }
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw typeError(e.getValue(), struct, fieldPath(field), "string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** The objects of a {@code []T} field, each read as the Go struct {@code type}. */
    List<WireObject> objects(String field, String type) {
        JsonNode v = present(field);
        List<WireObject> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw typeError(v, struct, fieldPath(field), "[]" + type);
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
        String kind = value.isTextual() ? "string" : value.isBoolean() ? "bool" : value.isArray() ? "array"
                : value.isObject() ? "object" : (goType.startsWith("int") || goType.equals("time.Duration")) && value.isNumber() ? "number " + value
                : "number";
        String where = path.isEmpty() ? "Go value" : "Go struct field " + struct + "." + path;
        return BerthException.invalid("json: cannot unmarshal " + kind + " into " + where + " of type " + goType);
    }
}
