package dev.berth.common.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The cluster's shared secret: every call from one berth service to another carries it in {@link #HEADER}, and every
 * service refuses a call without it ({@link ServiceDoor}). {@code ./berth} generates it into a root-only file and
 * hands it to the services as {@code BERTH_SERVICE_TOKEN}; without it nothing is accepted.
 */
public final class ServiceToken {
    public static final String HEADER = "X-Berth-Service-Token";
    private static final String VALUE = System.getenv().getOrDefault("BERTH_SERVICE_TOKEN", "").trim();

    private ServiceToken() {
    }

    /** The token this process sends; empty when none is configured (the other side will refuse the call). */
    public static String value() {
        return VALUE;
    }

    /** Whether {@code presented} is this cluster's token (constant time; never true when none is configured). */
    public static boolean matches(String presented) {
        return matches(VALUE, presented);
    }

    static boolean matches(String expected, String presented) {
        if (expected.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
