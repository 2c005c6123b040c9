package dev.berth.build.context;

import dev.berth.common.errors.BerthException;
import java.util.ArrayDeque;
import java.util.Deque;

/** Paths inside a build context: cleaned, relative, never above the context's root. */
public final class ContextPaths {
    private ContextPaths() {
    }

    /**
     * {@code ./a//b/} → {@code a/b}; a leading {@code /} is dropped (COPY sources are relative to the context);
     * a {@code ..} that would climb above the root is refused.
     */
    public static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw BerthException.invalid("invalid path " + path + ": it leaves the build context");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
