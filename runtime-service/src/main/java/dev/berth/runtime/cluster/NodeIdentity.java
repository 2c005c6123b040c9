package dev.berth.runtime.cluster;

import dev.berth.common.contract.NodeBeat;
import dev.berth.common.platform.EngineVersion;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.node.NodePaths;
import java.util.Map;

/** Who this node is: id, name, address, labels and capacity, as it announces itself in every heartbeat. */
public record NodeIdentity(String id, String name, String addr, Map<String, String> labels, int ncpu, long memTotal,
        String engineVersion, String api) {

    /** From the settings, else the defaults; a bad {@code BERTH_NODE_LABELS} fails here (the node does not start). */
    static NodeIdentity resolve(NodeConfig config, NodePaths paths, KernelFiles kernel, String bindHost,
            int port) {
        HostInfo host = new HostInfo(kernel);
        String addr = address(config);
        return new NodeIdentity(
                config.id().filter(s -> !s.isBlank()).orElseGet(() -> HostInfo.nodeId(paths.nodeIdFile())),
                config.name().filter(s -> !s.isBlank()).orElseGet(host::name),
                addr,
                NodeLabels.parse(config.labels().orElse("")),
                Runtime.getRuntime().availableProcessors(), host.memTotal(), EngineVersion.DOCKER,
                config.api().filter(s -> !s.isBlank()).orElseGet(() -> defaultApi(bindHost, addr, port)));
    }

    /** The node's address: {@code BERTH_NODE_ADDR}, else that of the default route's interface. */
    static String address(NodeConfig config) {
        return config.addr().filter(s -> !s.isBlank()).orElseGet(DefaultRouteAddress::find);
    }

    /** Where the node listens: its bind address, or its announced address when it listens on every interface. */
    static String defaultApi(String bindHost, String addr, int port) {
        boolean everywhere = bindHost == null || bindHost.isBlank() || bindHost.equals("0.0.0.0")
                || bindHost.equals("::");
        String host = everywhere ? addr : bindHost;
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public NodeBeat beat() {
        return new NodeBeat(id, name, addr, labels, ncpu, memTotal, engineVersion, api);
    }

    static NodeIdentity of(NodeBeat beat) {
        return new NodeIdentity(beat.id(), beat.name(), beat.addr(), beat.labels(), beat.ncpu(), beat.memTotal(),
                beat.engineVersion() == null ? "" : beat.engineVersion(), beat.api());
    }
}
