package dev.berth.runtime.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** conmon's exit files: ASCII decimal status, 128+signal for signals. */
public final class ExitFiles {
    private ExitFiles() {
    }

    public static OptionalInt parse(String content) {
        if (content == null) {
            return OptionalInt.empty();
        }
        String text = content.strip();
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The exit code in {@code file}, empty if absent or not (yet) complete. */
    public static OptionalInt read(Path file) {
        try {
            return Files.exists(file) ? parse(Files.readString(file)) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /** A 64-hex container id, as conmon names exit files after {@code -c}. */
    public static boolean isContainerId(String name) {
        return name != null && name.matches("[0-9a-f]{64}");
    }
}
