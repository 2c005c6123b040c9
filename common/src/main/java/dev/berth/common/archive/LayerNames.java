package dev.berth.common.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * The names an image layer's tar entries may have: relative, without {@code ..} or NUL, within Linux's length
 * limits. One rule set for the node that unpacks a layer (runtime-service {@code LayerUnpacker}) and for
 * image-service, which checks a layer when it is loaded, imported or pulled ({@code LayerScan}).
 */
public final class LayerNames {
    private LayerNames() {
    }

    /** The name's components ("./a/b/" → [a, b]); an unsafe name is an {@link IllegalArgumentException} saying why. */
    public static List<String> components(String name) {
        if (name == null) {
            throw new IllegalArgumentException("tar entry without a name");
        }
        if (name.startsWith("/")) {
            throw new IllegalArgumentException("absolute path in layer: " + NameLimits.shortened(name));
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in layer path: " + NameLimits.shortened(name));
        }
        if (name.length() > NameLimits.PATH_MAX) {
            throw new IllegalArgumentException("file name too long in layer: " + NameLimits.shortened(name));
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            checkComponent(part, name);
            if (NameLimits.tooLong(part)) {
                throw new IllegalArgumentException("file name too long in layer: " + NameLimits.shortened(name));
            }
            parts.add(part);
        }
        return parts;
    }

    /** One component of {@code name} (a whiteout's hidden name, say): not empty, {@code .}, {@code ..} or a path. */
    public static void checkComponent(String part, String name) {
        if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("/")) {
            throw new IllegalArgumentException("path escapes the layer: " + NameLimits.shortened(name));
        }
    }
}
