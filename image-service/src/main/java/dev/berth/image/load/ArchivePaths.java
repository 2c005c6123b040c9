package dev.berth.image.load;

import dev.berth.common.errors.BerthException;
import java.util.ArrayDeque;
import java.util.Deque;

/** Names inside an untrusted archive: normalised, never absolute, never escaping the archive root. */
public final class ArchivePaths {
    private ArchivePaths() {
    }

    /** {@code ./a//b/} becomes {@code a/b}; {@code /x} or anything with a {@code ..} component is rejected. */
    public static String normalise(String raw) {
        if (raw == null || raw.isEmpty() || raw.indexOf('\0') >= 0) {
            throw invalid(raw);
        }
        if (raw.startsWith("/")) {
            throw invalid(raw);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw invalid(raw);
            }
            parts.addLast(part);
        }
        return String.join("/", parts);
    }

    /** Resolves a symlink target against the directory of the link; the result must stay inside the archive. */
    public static String resolveLink(String linkName, String target) {
        if (target == null || target.isEmpty() || target.startsWith("/")) {
            throw invalid(target);
        }
        Deque<String> parts = new ArrayDeque<>();
        int slash = linkName.lastIndexOf('/');
        if (slash > 0) {
            for (String p : linkName.substring(0, slash).split("/")) {
                parts.addLast(p);
            }
        }
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw invalid(target);
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private static BerthException invalid(String name) {
        return BerthException.invalid("invalid archive: illegal path " + (name == null ? "" : "\"" + name + "\""));
    }
}
