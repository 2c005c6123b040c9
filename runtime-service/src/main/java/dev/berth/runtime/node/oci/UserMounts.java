package dev.berth.runtime.node.oci;

import java.util.List;

/**
 * A container's own mounts (volumes, binds, tmpfs from --mount), ordered as runc must mount them, and the rootfs
 * propagation they need (null: runc's default).
 */
public record UserMounts(List<Mount> mounts, String rootfsPropagation) {
    public static final UserMounts NONE = new UserMounts(List.of(), null);
}
