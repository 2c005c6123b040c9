package dev.berth.runtime.cluster;

import dev.berth.common.contract.NodeBeat;
import dev.berth.common.platform.EngineVersion;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.node.NodePaths;
import java.util.Map;

/** Who this node is: id, name, address, labels and capacity, as it announces itself in every heartbeat. */
public record NodeIdentity(String id, String name, String addr, Map<String, String> labels, int ncpu, long memTotal,
        String engineVersion) {

    /** From the settings, else the defaults; a bad {@code BERTH_NODE_LABELS} fails here (the node does not start). */
    static NodeIdentity resolve(NodeConfig config, NodePaths paths, KernelFiles kernel) {
        HostInfo host = new HostInfo(kernel);
        return new NodeIdentity(
                config.id().filter(s -> !s.isBlank()).orElseGet(() -> HostInfo.nodeId(paths.nodeIdFile())),
                config.name().filter(s -> !s.isBlank()).orElseGet(host::name),
                config.addr().filter(s -> !s.isBlank()).orElseGet(DefaultRouteAddress::find),
                NodeLabels.parse(config.labels().orElse("")),
                Runtime.getRuntime().availableProcessors(), host.memTotal(), EngineVersion.DOCKER);
    }

    public NodeBeat beat() {
        return new NodeBeat(id, name, addr, labels, ncpu, memTotal, engineVersion);
    }

    static NodeIdentity of(NodeBeat beat) {
        return new NodeIdentity(beat.id(), beat.name(), beat.addr(), beat.labels(), beat.ncpu(), beat.memTotal(),
                beat.engineVersion() == null ? "" : beat.engineVersion());
    }
}
