package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A contract record's wire shape as text (field names and JSON types), and the Markdown table the docs carry. */
final class ContractShapes {
    private ContractShapes() {
    }

    /** The JSON name (a record component's {@code @JsonProperty} lands on its accessor). */
    static String wireName(RecordComponent c) {
        JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
        if (property == null) {
            throw new IllegalStateException(c + " has no @JsonProperty: name every wire field explicitly");
        }
        return property.value();
    }

    static List<String> wireNames(Class<?> record) {
        List<String> names = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            names.add(wireName(c));
        }
        return names;
    }

    /** {@code `Name` string, `Labels` {string: string}, …} and then each nested record on its own line. */
    static String fields(Class<?> record) {
        StringBuilder text = new StringBuilder();
        for (RecordComponent c : record.getRecordComponents()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append('`').append(wireName(c)).append("` ")
                    .append(type(c.getGenericType()));
        }
        return text.toString();
    }

    static Set<Class<?>> nested(Class<?> record) {
        Set<Class<?>> out = new LinkedHashSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            collect(c.getGenericType(), out);
        }
        return out;
    }

    private static void collect(Type type, Set<Class<?>> out) {
        if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                collect(arg, out);
            }
        } else if (type instanceof Class<?> c && c.isRecord()) {
            out.add(c);
            for (RecordComponent inner : c.getRecordComponents()) {
                collect(inner.getGenericType(), out);
            }
        }
    }

    static String type(Type type) {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            if (p.getRawType() == List.class) {
                return "[" + type(args[0]) + "]";
            }
            if (p.getRawType() == Map.class) {
                return "{" + type(args[0]) + ": " + type(args[1]) + "}";
            }
        }
        Class<?> c = (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
        if (c == String.class) {
            return "string";
        }
        if (c == boolean.class) {
            return "bool";
        }
        if (c == Boolean.class) {
            return "bool?";
        }
        if (c == int.class || c == long.class) {
            return "int";
        }
        if (c == Long.class) {
            return "int?";
        }
        if (c.isRecord()) {
            return c.getSimpleName();
        }
        return "JSON";
    }

    /** The table of one document's contracts, between its markers. */
    static String table(String doc) {
        StringBuilder out = new StringBuilder("| record | from → to, call or topic | fields |\n|---|---|---|\n");
        for (Class<?> record : ContractCatalog.all()) {
            WireContract contract = record.getAnnotation(WireContract.class);
            if (!contract.doc().equals(doc)) {
                continue;
            }
            out.append("| `").append(record.getSimpleName()).append("` | ").append(contract.value()).append(" | ")
                    .append(fields(record)).append(" |\n");
            for (Class<?> inner : nested(record)) {
                out.append("| `").append(record.getSimpleName()).append('.').append(inner.getSimpleName())
                        .append("` | (inside `").append(record.getSimpleName()).append("`) | ").append(fields(inner))
                        .append(" |\n");
            }
        }
        return out.toString();
    }
}
