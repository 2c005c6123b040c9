package dev.berth.runtime.net;

import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.node.ProcessRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the node's networking from configuration. */
@ApplicationScoped
public class NetBeans {
    @Produces
    @Singleton
    ContainerNetworking networking(NetConfig config, ProcessRunner runner, KernelFiles kernel,
            dev.berth.runtime.node.NodePaths paths, OverlayPeers.Nodes nodes) {
        HostNetwork host = new HostNetwork(runner, kernel, config, paths.runtimeRun().resolve("bridges"));
        NetworkClient client = new NetworkClient(config.networkUrl());
        DnsServers dns = new DnsServers(config.dnsPort(), DnsServers.hostUpstreams(kernel));
        return new ContainerNetworking(config, host, client, new PortReservations(), dns,
                new OverlayPeers(host, client::endpoints, dns, nodes));
    }
}
