package dev.berth.common.http;

/**
 * The Engine API version a Docker client asked for ({@code /v1.41/volumes/prune}). The gateway strips the prefix
 * from the path and hands the version to the services in {@link #HEADER}, on every request it forwards; an
 * unversioned request carries the newest version berth speaks, as dockerd treats it. A service reads it only where
 * dockerd's answer depends on it ({@code httputils.VersionFromContext} in moby); a call without the header (from
 * another service) is taken as the newest version.
 */
public final class ClientApiVersion {
    public static final String HEADER = "X-Berth-Api-Version";

    private ClientApiVersion() {
    }

    /** Whether {@code version} (the header's value, null when absent) is older than {@code other}, as moby's versions.LessThan. */
    public static boolean lessThan(String version, String other) {
        if (version == null || version.isBlank()) {
            return false;
        }
        return compare(version.trim(), other) < 0;
    }

    static int compare(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int l = i < left.length ? number(left[i]) : 0;
            int r = i < right.length ? number(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return 0;
    }

    private static int number(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
