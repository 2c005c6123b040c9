package dev.berth.runtime.api;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request's path names that lives on one node: a container ({@code /containers/{ref}} and its verbs, and the
 * services' {@code /internal/containers/{ref}/...}) or an exec ({@code /exec/{id}/...}); null for everything any
 * node answers (lists, create, prune, images, nodes).
 */
record ForwardTarget(Kind kind, String ref) {
    enum Kind { CONTAINER, EXEC }

    /** {@code /containers/<word>} paths that name no container. */
    private static final Set<String> NOT_CONTAINERS = Set.of("create", "json", "prune");

    /** The API version prefix the router strips later ({@code /v1.41}). */
    private static final Pattern VERSION = Pattern.compile("^/v[0-9]+\\.[0-9]+(?=/)");

    static ForwardTarget of(String path) {
        String p = path == null ? "" : VERSION.matcher(path).replaceFirst("");
        String[] parts = p.split("/", 4); // "", first, ref, rest
        if (parts.length < 3 || parts[2].isEmpty()) {
            return null;
        }
        if (parts[1].equals("containers") && !NOT_CONTAINERS.contains(parts[2])) {
            return new ForwardTarget(Kind.CONTAINER, parts[2]);
        }
        if (parts[1].equals("internal") && p.startsWith("/internal/containers/")) {
            // network-service's connect/disconnect, build-service's step commit and layer: the container's node too
            String[] internal = p.split("/", 5); // "", internal, containers, ref, rest
            return internal.length >= 4 && !internal[3].isEmpty()
                    ? new ForwardTarget(Kind.CONTAINER, internal[3]) : null;
        }
        if (parts[1].equals("exec") && parts.length == 4) {
            return new ForwardTarget(Kind.EXEC, parts[2]);
        }
        return null;
    }
}
