package dev.berth.runtime.domain;

import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.List;

/** Docker's lookup of {id}: full id, then name (with or without '/'), then unique id prefix. */
public final class IdResolver {
    public record Entry(String id, String name) {
    }

    private IdResolver() {
    }

    public static String resolve(List<Entry> all, String ref) {
        if (ref == null || ref.isEmpty()) {
            throw BerthException.notFound("No such container: " + ref);
        }
        for (Entry e : all) {
            if (e.id().equals(ref)) {
                return e.id();
            }
        }
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        for (Entry e : all) {
            if (e.name().equals(name)) {
                return e.id();
            }
        }
        List<String> matches = new ArrayList<>();
        if (ref.matches("[0-9a-f]+")) {
            for (Entry e : all) {
                if (e.id().startsWith(ref)) {
                    matches.add(e.id());
                }
            }
        }
        if (matches.size() > 1) {
            throw BerthException.invalid("Multiple IDs found with provided prefix: " + ref);
        }
        if (matches.isEmpty()) {
            throw BerthException.notFound("No such container: " + ref);
        }
        return matches.get(0);
    }
}
