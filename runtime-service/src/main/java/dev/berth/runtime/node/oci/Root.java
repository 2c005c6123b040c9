package dev.berth.runtime.node.oci;

/** runtime-spec {@code Root}: the container's root filesystem. */
public record Root(String path, boolean readonly) {
}
