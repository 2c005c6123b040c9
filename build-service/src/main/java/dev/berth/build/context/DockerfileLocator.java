package dev.berth.build.context;

import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Finds the Dockerfile in an unpacked context as dockerd does: the {@code dockerfile} parameter's path (default
 * {@code Dockerfile}, then {@code dockerfile}), which must be a text file inside the context.
 */
public final class DockerfileLocator {
    private static final long MAX_SIZE = 16 * 1024 * 1024;

    private DockerfileLocator() {
    }

    public static String read(Path context, String requested) throws IOException {
        String name = name(requested);
        Path file = context.resolve(name);
        if (!Files.exists(file) && (requested == null || requested.isEmpty())) {
            file = context.resolve("dockerfile");
        }
        if (!Files.exists(file)) {
            throw BerthException.invalid("Cannot locate specified Dockerfile: " + name);
        }
        Path real = file.toRealPath();
        if (!real.startsWith(context.toRealPath()) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.invalid("Cannot locate specified Dockerfile: " + name
                    + " (it is not a file inside the build context)");
        }
        if (Files.size(real) > MAX_SIZE) {
            throw BerthException.invalid("the Dockerfile " + name + " is larger than 16 MiB");
        }
        return text(name, Files.readAllBytes(real));
    }

    /** The name the request means: its {@code dockerfile} parameter cleaned, else {@code Dockerfile}. */
    public static String name(String requested) {
        return requested == null || requested.isEmpty() ? "Dockerfile" : ContextPaths.clean(requested);
    }

    /** A Dockerfile's bytes as text: UTF-8 without NUL bytes. */
    public static String text(String name, byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw BerthException.invalid("the Dockerfile " + name + " is not a text file");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw BerthException.invalid("the Dockerfile " + name + " is not UTF-8 text");
        }
    }
}
