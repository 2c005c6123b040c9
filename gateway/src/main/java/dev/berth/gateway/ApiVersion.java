package dev.berth.gateway;

import dev.berth.common.errors.BerthException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Engine API versions berth speaks, and the {@code /v1.xx} prefix clients put on paths. */
public final class ApiVersion {
    public static final String MAX = "1.55";
    public static final String MIN = "1.24";

    private static final Pattern PREFIX = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)?$");

    private ApiVersion() {
    }

    /** A request path without its version prefix, and the version the client asked for ({@link #MAX} when none). */
    public record Versioned(String version, String path) {
    }

    /** The path without its version prefix; a version outside [MIN, MAX] is Docker's 400. */
    public static String strip(String path) {
        return parse(path).path();
    }

    /** The version and the path of a request; an unversioned one is {@link #MAX}, as dockerd's default version. */
    public static Versioned parse(String path) {
        Matcher m = PREFIX.matcher(path);
        if (!m.matches()) {
            return new Versioned(MAX, path);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        String version = major + "." + minor;
        if (compare(major, minor, MIN) < 0) {
            throw BerthException.invalid("client version " + version + " is too old. Minimum supported API version is "
                    + MIN + ", please upgrade your client to a newer version");
        }
        if (compare(major, minor, MAX) > 0) {
            throw BerthException.invalid("client version " + version
                    + " is too new. Maximum supported API version is " + MAX);
        }
        return new Versioned(version, m.group(3) == null ? "/" : m.group(3));
    }

    private static int compare(int major, int minor, String other) {
        String[] parts = other.split("\\.");
        int c = Integer.compare(major, Integer.parseInt(parts[0]));
        return c != 0 ? c : Integer.compare(minor, Integer.parseInt(parts[1]));
    }
}
