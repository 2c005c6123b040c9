package dev.berth.image.catalog;

import dev.berth.common.errors.BerthException;
import java.util.Collection;
import java.util.Optional;

/** Resolves a short id (a prefix of the hex of {@code sha256:<hex>}) among the known image ids. */
public final class ShortIdResolver {
    private ShortIdResolver() {
    }

    /** The single id with that prefix; empty if none; 404 {@code ambiguous reference} if several. */
    public static Optional<String> resolve(String hexPrefix, Collection<String> ids) {
        String found = null;
        for (String id : ids) {
            String hex = id.startsWith("sha256:") ? id.substring(7) : id;
            if (hex.startsWith(hexPrefix)) {
                if (found != null && !found.equals(id)) {
                    throw BerthException.notFound("ambiguous reference: " + hexPrefix + " matches more than one image");
                }
                found = id;
            }
        }
        return Optional.ofNullable(found);
    }
}
