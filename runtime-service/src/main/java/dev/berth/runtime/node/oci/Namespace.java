package dev.berth.runtime.node.oci;

import com.fasterxml.jackson.annotation.JsonInclude;

/** runtime-spec {@code LinuxNamespace}: a new one, or the one at {@code path} to join. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Namespace(String type, String path) {
    public static Namespace of(String type) {
        return new Namespace(type, null);
    }
}
