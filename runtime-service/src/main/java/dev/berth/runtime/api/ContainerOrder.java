package dev.berth.runtime.api;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.IdResolver;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code before} and {@code since} filters of docker ps: created strictly before / after a given container. */
final class ContainerOrder {
    private final OffsetDateTime before;
    private final OffsetDateTime since;

    ContainerOrder(List<Container> all, Map<String, List<String>> filters) {
        this.before = createdOf(all, filters.get("before"));
        this.since = createdOf(all, filters.get("since"));
    }

    boolean matches(Container c) {
        return (before == null || c.createdAt.isBefore(before)) && (since == null || c.createdAt.isAfter(since));
    }

    private static OffsetDateTime createdOf(List<Container> all, List<String> refs) {
        if (refs == null || refs.isEmpty()) {
            return null;
        }
        String ref = refs.get(0);
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        List<IdResolver.Entry> entries = new ArrayList<>();
        for (Container c : all) {
            if (c.id.equals(ref) || c.name.equals(name) || (ref.matches("[0-9a-f]{1,64}") && c.id.startsWith(ref))) {
                entries.add(new IdResolver.Entry(c.id, c.name));
            }
        }
        String id;
        try {
            id = IdResolver.resolve(entries, ref);
        } catch (BerthException e) {
            throw e;
        }
        for (Container c : all) {
            if (c.id.equals(id)) {
                return c.createdAt;
            }
        }
        throw BerthException.notFound("No such container: " + ref);
    }
}
