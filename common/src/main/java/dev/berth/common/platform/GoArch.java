package dev.berth.common.platform;

import java.util.Locale;

/** Architecture names as Go (and so Docker and OCI) spell them. */
public final class GoArch {
    private GoArch() {
    }

    /** Go's name for an architecture as the JVM or a user may spell it ({@code x86_64} → {@code amd64}). */
    public static String normalize(String arch) {
        String lower = arch.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> lower;
        };
    }

    /** This machine's architecture, Go's name. */
    public static String host() {
        return normalize(System.getProperty("os.arch", "amd64"));
    }
}
