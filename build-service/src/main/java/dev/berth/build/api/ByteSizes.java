package dev.berth.build.api;

import dev.berth.common.errors.BerthException;

/**
 * Byte amounts of the build prune's query ({@code keep-storage}, {@code reserved-space}, {@code max-used-space},
 * {@code min-free-space}): a whole number of bytes; empty is 0; anything else a 400 before anything is pruned.
 */
final class ByteSizes {
    private ByteSizes() {
    }

    static long parse(String name, String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid " + name + " value: " + value);
        }
    }
}
