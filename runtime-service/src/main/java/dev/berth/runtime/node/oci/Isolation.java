package dev.berth.runtime.node.oci;

import java.util.List;
import java.util.Map;

/**
 * A container's isolation and limits in OCI terms, resolved from its HostConfig and the node's facts (see
 * {@code isolation/IsolationSpec}): what {@link dev.berth.runtime.node.OciSpecWriter} puts in the spec beside the
 * defaults. {@code seccomp} is null without a filter; {@code initBinary} the host's init for {@code --init}, or null.
 */
public record Isolation(
        List<String> capabilities,
        boolean noNewPrivileges,
        List<Process.Rlimit> rlimits,
        Integer oomScoreAdj,
        Seccomp seccomp,
        boolean privileged,
        boolean unmaskedSystemPaths,
        Resources resources,
        List<Device> devices,
        Map<String, String> sysctl,
        long shmSize,
        List<Mount> tmpfs,
        String initBinary) {
    /** Where {@code --init}'s binary appears in the container, as in Docker. */
    public static final String INIT_PATH = "/sbin/docker-init";
}
