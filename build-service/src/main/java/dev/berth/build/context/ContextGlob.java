package dev.berth.build.context;

import dev.berth.build.dockerfile.ShellLexer;
import java.util.regex.Pattern;

/** Go's {@code filepath.Match} for COPY sources: {@code *} and {@code ?} stop at {@code /}, {@code [...]} sets. */
final class ContextGlob {
    private ContextGlob() {
    }

    static boolean hasWildcard(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
    }

    static Pattern compile(String glob) {
        return Pattern.compile(ShellLexer.globRegex(glob, true));
    }
}
