package dev.berth.common.platform;

import dev.berth.common.errors.BerthException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A platform given as {@code os[/arch[/variant]]} ({@code platform=} of container create and build), read with the
 * rules and words of containerd's {@code platforms.Parse}, which dockerd uses: a malformed one is a 400
 * ({@code "x" is an invalid component of "linux/x": …: invalid argument}); whether this node can run it is the
 * caller's question.
 */
public record PlatformSpecifier(String os, String architecture, String variant) {
    private static final String OS_PATTERN = "^([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.%-]*)((?:\\+[A-Za-z0-9_.%-]+)*)\\))?$";
    private static final Pattern OS = Pattern.compile(OS_PATTERN);
    private static final String COMPONENT_PATTERN = "^[A-Za-z0-9_.-]+$";
    private static final Pattern COMPONENT = Pattern.compile(COMPONENT_PATTERN);
    private static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
            "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos");
    private static final Set<String> KNOWN_ARCH = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
            "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    /** {@code specifier} read as containerd does; the OS and architecture normalized ({@code x86_64} → amd64). */
    public static PlatformSpecifier parse(String specifier) {
        if (specifier.contains("*")) {
            throw invalid("\"" + specifier + "\": wildcards not yet supported");
        }
        String[] parts = specifier.split("/", 4);
        Matcher os = OS.matcher(parts[0]);
        if (!os.matches()) {
            throw invalid("\"" + parts[0] + "\" is an invalid OS component of \"" + specifier
                    + "\": OSAndVersion specifier component must match \"" + OS_PATTERN + "\"");
        }
        for (int i = 1; i < parts.length; i++) {
            if (!COMPONENT.matcher(parts[i]).matches()) {
                throw invalid("\"" + parts[i] + "\" is an invalid component of \"" + specifier
                        + "\": platform specifier component must match \"" + COMPONENT_PATTERN + "\"");
            }
        }
        String osName = normalizeOs(os.group(1));
        return switch (parts.length) {
            case 1 -> {
                if (KNOWN_OS.contains(osName)) {
                    yield new PlatformSpecifier(osName, GoArch.host(), "");
                }
                String arch = GoArch.normalize(parts[0]);
                if (KNOWN_ARCH.contains(arch)) {
                    yield new PlatformSpecifier("linux", arch, "");
                }
                throw invalid("\"" + specifier + "\": unknown operating system or architecture");
            }
            case 2 -> new PlatformSpecifier(osName, GoArch.normalize(parts[1]), "");
            case 3 -> new PlatformSpecifier(osName, GoArch.normalize(parts[1]), parts[2].toLowerCase(Locale.ROOT));
            default -> throw invalid("\"" + specifier + "\": cannot parse platform specifier");
        };
    }

    private static String normalizeOs(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    private static BerthException invalid(String message) {
        return BerthException.invalid(message + ": invalid argument");
    }
}
