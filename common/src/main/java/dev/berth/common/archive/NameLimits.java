package dev.berth.common.archive;

import java.nio.charset.StandardCharsets;

/**
 * Linux's limits on the names an archive entry may give: one component at most {@code NAME_MAX} (255) bytes, a
 * whole name under {@code PATH_MAX} (4096). An entry past them cannot be created anywhere (ENAMETOOLONG), so it is
 * refused up front with a short message instead of failing half-way with the whole host path in the error.
 */
public final class NameLimits {
    public static final int NAME_MAX = 255;
    public static final int PATH_MAX = 4095;

    private NameLimits() {
    }

    /** Whether one path component is longer than NAME_MAX bytes. */
    public static boolean tooLong(String component) {
        return component.length() > NAME_MAX / 4 && component.getBytes(StandardCharsets.UTF_8).length > NAME_MAX;
    }

    /** Whether a file system error is ENAMETOOLONG (a name within the limits under a deep destination). */
    public static boolean isTooLong(java.nio.file.FileSystemException e) {
        return "File name too long".equals(e.getReason());
    }

    /** The first 64 characters of a long name, for an error message. */
    public static String shortened(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "... (" + name.length() + " characters)";
    }
}
