package dev.berth.runtime.node.oci;

import java.util.List;

/** runtime-spec {@code Mount}. */
public record Mount(String destination, String type, String source, List<String> options) {
    /** A recursive private bind of a host path (the per-container /etc files). */
    public static Mount bind(String destination, String source) {
        return new Mount(destination, "bind", source, List.of("rbind", "rprivate"));
    }

    public Mount withOptions(List<String> newOptions) {
        return new Mount(destination, type, source, List.copyOf(newOptions));
    }
}
