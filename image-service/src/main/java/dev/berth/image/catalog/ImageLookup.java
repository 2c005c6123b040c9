package dev.berth.image.catalog;

import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import java.util.regex.Pattern;

/**
 * What a user-given image name means, as in {@code docker image inspect NAME}: a full id ({@code sha256:<64hex>} or
 * {@code <64hex>}), a reference (tag) and, when the name also looks like hex, a short-id prefix tried after the tag.
 */
public record ImageLookup(String name, String fullId, Reference reference, String idPrefix) {
    private static final Pattern FULL_ID = Pattern.compile("^(sha256:)?[a-f0-9]{64}$");
    private static final Pattern PREFIXED_SHORT_ID = Pattern.compile("^sha256:([a-f0-9]{1,63})$");
    private static final Pattern SHORT_ID = Pattern.compile("^[a-f0-9]{1,63}$");

    /** Parses a name; an invalid reference gives 400 {@code invalid reference format}. */
    public static ImageLookup of(String name) {
        if (FULL_ID.matcher(name).matches()) {
            return new ImageLookup(name, name.startsWith("sha256:") ? name : "sha256:" + name, null, null);
        }
        var prefixed = PREFIXED_SHORT_ID.matcher(name);
        if (prefixed.matches()) {
            return new ImageLookup(name, null, null, prefixed.group(1));
        }
        Reference ref = ReferenceParser.parse(name).withDefaultTag();
        return new ImageLookup(name, null, ref, SHORT_ID.matcher(name).matches() ? name : null);
    }

    /** Docker's message for a name that resolves to nothing; the docker CLI keys on it to pull. */
    public String notFoundMessage() {
        if (reference != null) {
            return "No such image: " + reference.familiar();
        }
        return "No such image: " + name;
    }

    /** Docker's isImageIDPrefix: the name is the id or a prefix of it (with or without {@code sha256:}). */
    public static boolean isIdPrefix(String imageId, String name) {
        return imageId.startsWith(name) || imageId.substring("sha256:".length()).startsWith(name);
    }
}
