package dev.berth.gateway;

import java.util.Optional;

/** The service that owns the objects behind a Docker API path. */
public enum Owner {
    RUNTIME("runtime"),
    IMAGE("image"),
    BUILD("build"),
    VOLUME("volume"),
    NETWORK("network");

    private final String configName;

    Owner(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Routing table (docs/design.md). Paths are already stripped of their version prefix. */
    public static Optional<Owner> of(String path) {
        String first = firstSegment(path);
        return Optional.ofNullable(switch (first) {
            case "containers", "exec", "commit", "nodes" -> RUNTIME;
            case "images", "auth", "distribution" -> IMAGE;
            case "build", "session" -> BUILD;
            case "volumes" -> VOLUME;
            case "networks" -> NETWORK;
            default -> null;
        });
    }

    private static String firstSegment(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.indexOf('/', start);
        return end < 0 ? path.substring(start) : path.substring(start, end);
    }
}
