package dev.berth.build.run;

import dev.berth.build.node.ImageStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code cachefrom} ({@code docker build --cache-from}): when images are named, a cached step counts only if its
 * image is one of them or an ancestor of one, as moby's ImageCache with sources decides; a name this machine does
 * not know is skipped (dockerd logs a warning), so naming only unknown images uses no cache at all.
 */
final class CacheSources {
    /** Ancestors are few; a longer chain is a loop. */
    private static final int MAX_DEPTH = 1000;
    /** null: no cachefrom, every cached step counts. */
    private final Set<String> accepted;

    private CacheSources(Set<String> accepted) {
        this.accepted = accepted;
    }

    static CacheSources of(List<String> references, ImageStore images) {
        if (references.isEmpty()) {
            return new CacheSources(null);
        }
        Set<String> accepted = new HashSet<>();
        for (String reference : references) {
            ImageStore.Found found = images.inspect(reference);
            String id = found == null ? null : found.id();
            for (int depth = 0; id != null && !id.isEmpty() && depth < MAX_DEPTH && accepted.add(hex(id)); depth++) {
                id = images.parent(id);
            }
        }
        return new CacheSources(accepted);
    }

    boolean accepts(String imageId) {
        return accepted == null || accepted.contains(hex(imageId));
    }

    /** Ids with or without their {@code sha256:} prefix alike. */
    private static String hex(String id) {
        return id.startsWith("sha256:") ? id.substring(7) : id;
    }
}
