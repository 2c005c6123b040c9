package dev.berth.runtime.spec;

import java.util.List;

/** HostConfig's privileges: --privileged, capabilities, --security-opt, read-only rootfs, --init, --group-add. */
public record Security(boolean privileged, List<String> capAdd, List<String> capDrop, List<String> securityOpt,
        boolean readonlyRootfs, boolean init, List<String> groupAdd) {
}
