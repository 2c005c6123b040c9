package dev.berth.common.contract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/** A record with every field set to a distinct, non-default value (nested records too), for round trips. */
final class SampleRecords {
    private SampleRecords() {
    }

    static Object of(Class<?> record) {
        RecordComponent[] components = record.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getGenericType(), components[i].getName() + i);
        }
        try {
            return record.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(Type type, String seed) {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            if (p.getRawType() == List.class) {
                return List.of(value(args[0], seed + "a"), value(args[0], seed + "b"));
            }
            if (p.getRawType() == Map.class) {
                return Map.of(seed + "k", value(args[1], seed + "v"));
            }
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return seed;
        }
        if (c == boolean.class || c == Boolean.class) {
            return true;
        }
        if (c == int.class) {
            return seed.length();
        }
        if (c == long.class || c == Long.class) {
            return 1_000_000_000_000L + seed.length();
        }
        if (c.isRecord()) {
            return of(c);
        }
        return JsonNodeFactory.instance.objectNode().put("Aliases", seed);
    }
}
