package dev.berth.runtime.mounts;

import dev.berth.common.errors.BerthException;
import java.nio.file.Path;

/** Mount destinations: absolute, not {@code /}, compared in clean form. */
final class Destinations {
    private Destinations() {
    }

    static void check(String type, String destination) {
        if (!destination.startsWith("/")) {
            throw BerthException.invalid("invalid mount config for type \"" + type + "\": invalid mount path: '"
                    + destination + "' mount path must be absolute");
        }
        if (clean(destination).equals("/")) {
            throw BerthException.invalid("invalid specification: destination can't be '/'");
        }
    }

    static String clean(String destination) {
        return Path.of(destination).normalize().toString();
    }

    /** moby sorts mounts by the number of path elements, so /app comes before /app/node_modules. */
    static int depth(String destination) {
        String clean = clean(destination);
        return clean.equals("/") ? 0 : clean.split("/").length - 1;
    }
}
