package dev.berth.runtime.isolation;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.HostSpec;
import dev.berth.runtime.node.ExecSpec;
import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.node.OciSpecWriter;
import dev.berth.runtime.node.Seccomp;
import dev.berth.runtime.node.oci.DeviceRule;
import dev.berth.runtime.node.oci.Isolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's HostConfig limits and isolation in OCI terms ({@link Isolation}, which {@code OciSpecWriter} puts
 * beside Docker's defaults): capabilities, seccomp, no-new-privileges, rlimits, oom_score_adj, cgroup resources,
 * devices, sysctls, tmpfs, /dev/shm size, privileged (all devices, no masked paths, writable /sys) and
 * {@code --init}. {@link #check} holds the 400s, so a container that was created starts.
 */
public final class IsolationSpec {
    /** Where {@code --init}'s binary appears in the container, as in Docker. */
    public static final String INIT_PATH = Isolation.INIT_PATH;
    private static final List<Path> INIT_BINARIES = List.of(Path.of("/usr/bin/tini-static"),
            Path.of("/usr/bin/docker-init"), Path.of("/usr/libexec/podman/catatonit"), Path.of("/usr/bin/catatonit"));

    /**
     * What the node allows and has: bounding set, hard rlimits, CPUs, default NOFILE, its device nodes (for
     * --privileged; empty unless asked for) and its init binary (for --init; null when it has none).
     */
    public record NodeFacts(long boundingSet, Map<String, Long> hardLimits, int cpus, long defaultNofile,
            List<Devices.Node> hostDevices, Path initBinary) {
        public NodeFacts(long boundingSet, Map<String, Long> hardLimits, int cpus, long defaultNofile) {
            this(boundingSet, hardLimits, cpus, defaultNofile, List.of(), null);
        }

        public static NodeFacts current(long defaultNofile) {
            return new NodeFacts(ExecSpec.hostBoundingSet(), Ulimits.nodeHardLimits(KernelFiles.HOST),
                    Runtime.getRuntime().availableProcessors(), defaultNofile, List.of(), IsolationSpec.initBinary());
        }

        /** The same, with the host's device nodes (a walk of /dev, only for a privileged container). */
        public NodeFacts withHostDevices(List<Devices.Node> devices) {
            return new NodeFacts(boundingSet, hardLimits, cpus, defaultNofile, devices, initBinary);
        }
    }

    private IsolationSpec() {
    }

    /** Docker's checks of HostConfig's limits and isolation (400s). */
    public static void check(HostSpec hc, NodeFacts facts) {
        ResourceLimits.check(hc.resources(), facts.cpus());
        Ulimits.check(hc.ulimits(), facts.hardLimits());
        Capabilities.resolve(hc.security(), facts.boundingSet());
        SecurityOptions.parse(hc.security().securityOpt());
        Sysctls.check(hc);
        TmpfsMounts.fromHostConfig(hc.tmpfs());
        Devices.requested(hc.devices());
        if (hc.security().init() && facts.initBinary() == null) {
            throw BerthException.invalid("--init: no init binary on this node (install tini)");
        }
    }

    /** The container's isolation for its OCI spec; {@code seccomp} is the node's profile (null: none). */
    public static Isolation resolve(HostSpec hc, Seccomp seccomp, NodeFacts facts) {
        boolean privileged = hc.security().privileged();
        SecurityOptions security = SecurityOptions.parse(hc.security().securityOpt());
        List<String> caps = Capabilities.resolve(hc.security(), facts.boundingSet());
        dev.berth.runtime.node.oci.Seccomp filter = null;
        if (!privileged && !security.seccompUnconfined() && seccomp != null) {
            filter = security.seccompProfile() != null
                    ? seccomp.withProfile(security.seccompProfile()).profileFor(caps) : seccomp.profileFor(caps);
        }
        List<DeviceRule> rules = new ArrayList<>(OciSpecWriter.DEFAULT_DEVICE_RULES);
        List<Devices.Node> nodes = new ArrayList<>();
        if (privileged) {
            nodes.addAll(facts.hostDevices());
            rules.clear();
            rules.add(DeviceRule.all(true));
        }
        for (Devices.Node n : Devices.requested(hc.devices())) {
            nodes.removeIf(x -> x.path().equals(n.path()));
            nodes.add(n);
            if (!privileged) {
                rules.add(n.rule());
            }
        }
        boolean init = hc.security().init();
        if (init && facts.initBinary() == null) {
            throw BerthException.invalid("--init: no init binary on this node (install tini)");
        }
        int oomScoreAdj = hc.resources().oomScoreAdj();
        return new Isolation(caps, security.noNewPrivileges(),
                Ulimits.oci(hc.ulimits(), facts.defaultNofile()), oomScoreAdj == 0 ? null : oomScoreAdj,
                filter, privileged, privileged || security.systemPathsUnconfined(),
                ResourceLimits.resources(hc.resources()).withDevices(rules), nodes.stream().map(Devices.Node::oci).toList(),
                hc.sysctls(), hc.resources().shmSize(),
                TmpfsMounts.fromHostConfig(hc.tmpfs()), init ? facts.initBinary().toString() : null);
    }

    static Path initBinary() {
        for (Path p : INIT_BINARIES) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
