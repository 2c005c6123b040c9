package dev.berth.runtime.net;

import dev.berth.common.contract.NetworkEndpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A user network's containers on other nodes, as this node's bridge of it reaches them: the network's endpoints
 * (network-service says on which node each container runs) on other ready nodes become VXLAN forwarding entries
 * (the container's MAC at its node's address) and neighbour entries (its address answers ARP with that MAC), and
 * names its DNS server answers. {@link #sync} makes this node's entries those of the network now; it runs when a
 * container here joins the network, when network-service says a container joined or left it, and every few seconds
 * for what was missed (a node that went down or came back). The default {@code bridge} network stays per node.
 */
public final class OverlayPeers {
    private static final Logger LOG = Logger.getLogger(OverlayPeers.class.getName());

    /** The other nodes, as the node table says. */
    public interface Nodes {
        /** This node's name and address (the VXLAN device's local end). */
        String selfName();

        String selfAddress();

        /** A ready other node's address; empty when it is down or unknown. */
        java.util.Optional<String> addressOf(String node);

        /** No other node has a row: nothing to ask network-service. */
        boolean alone();
    }

    /** A container on another node, as it is entered here. */
    record Peer(String ip, String mac, String underlay, List<String> names) {
    }

    private final HostNetwork host;
    private final java.util.function.Function<String, List<NetworkEndpoint>> endpoints;
    private final DnsServers dns;
    private final Nodes nodes;
    /** network id → its bridge here (networks with a container here since this process started). */
    private final Map<String, HostNetwork.Bridge> bridges = new ConcurrentHashMap<>();
    /** network id → container id → what is entered for it. */
    private final Map<String, Map<String, Peer>> entered = new ConcurrentHashMap<>();

    /** {@code endpoints}: a network's endpoints as network-service lists them ({@link NetworkClient#endpoints}). */
    public OverlayPeers(HostNetwork host, java.util.function.Function<String, List<NetworkEndpoint>> endpoints,
            DnsServers dns, Nodes nodes) {
        this.host = host;
        this.endpoints = endpoints;
        this.dns = dns;
        this.nodes = nodes;
    }

    /** A container here joined {@code networkId} (its bridge is {@code bridge}): its other nodes' containers now. */
    public void joined(String networkId, HostNetwork.Bridge bridge) {
        bridges.put(networkId, bridge);
        if (!nodes.alone()) {
            sync(networkId);
        }
    }

    /** Networks this node has a bridge of. */
    public java.util.Set<String> networks() {
        return bridges.keySet();
    }

    /** The network's bridge is gone here: its entries went with it. */
    public void forget(String networkId) {
        bridges.remove(networkId);
        Map<String, Peer> had = entered.remove(networkId);
        if (had != null) {
            had.keySet().forEach(id -> dns.unregister(networkId, id));
        }
    }

    /** Makes this node's entries for {@code networkId} what network-service lists; nothing when no bridge is here. */
    public synchronized void sync(String networkId) {
        HostNetwork.Bridge bridge = bridges.get(networkId);
        if (bridge == null) {
            return;
        }
        if (!host.deviceExists(bridge.device())) {
            forget(networkId);
            return;
        }
        Map<String, Peer> wanted = wanted(endpoints.apply(networkId));
        Map<String, Peer> had = entered.getOrDefault(networkId, Map.of());
        String vxlan = host.vxlanDevice(bridge.device());
        if (!wanted.isEmpty()) {
            host.ensureVxlan(bridge, vxlan, vni(networkId), nodes.selfAddress());
        }
        for (var gone : had.entrySet()) {
            if (!gone.getValue().equals(wanted.get(gone.getKey()))) {
                host.removePeer(vxlan, gone.getValue().ip(), gone.getValue().mac());
                dns.unregister(networkId, gone.getKey());
            }
        }
        Map<String, Peer> now = new HashMap<>();
        for (var want : wanted.entrySet()) {
            Peer peer = want.getValue();
            try {
                if (!peer.equals(had.get(want.getKey()))) {
                    host.addPeer(vxlan, peer.ip(), peer.mac(), peer.underlay());
                    dns.register(networkId, bridge.gateway(), want.getKey(), peer.ip(), peer.names(), List.of(),
                            Map.of());
                }
                now.put(want.getKey(), peer);
            } catch (IllegalStateException e) {
                LOG.log(Level.WARNING, "network " + networkId + ": " + e.getMessage());
            }
        }
        entered.put(networkId, now);
    }

    /** Every network with a bridge here, quietly (the periodic pass); nothing while this node is alone. */
    public void syncAll() {
        if (nodes.alone() && entered.values().stream().allMatch(Map::isEmpty)) {
            return;
        }
        for (String networkId : List.copyOf(bridges.keySet())) {
            try {
                sync(networkId);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "network " + networkId + ": " + e.getMessage());
            }
        }
    }

    Map<String, Peer> wanted(List<NetworkEndpoint> endpoints) {
        Map<String, Peer> wanted = new HashMap<>();
        for (NetworkEndpoint e : endpoints) {
            if (e.node().isEmpty() || e.node().equals(nodes.selfName()) || e.ipv4Address() == null) {
                continue;
            }
            nodes.addressOf(e.node()).ifPresent(underlay -> wanted.put(e.containerId(),
                    new Peer(e.ipv4Address(), e.macAddress(), underlay, names(e))));
        }
        return wanted;
    }

    /** What a container's DNS name are on a user network: its name, its aliases, its short id. */
    static List<String> names(NetworkEndpoint e) {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (!e.containerName().isEmpty()) {
            names.add(e.containerName());
        }
        names.addAll(e.aliases());
        names.add(e.containerId().substring(0, Math.min(12, e.containerId().length())));
        return names.stream().filter(Objects::nonNull).distinct().toList();
    }

    /** A network's VXLAN id: 24 bits of its id (1 to 2^24 - 1). */
    static int vni(String networkId) {
        int bits = Integer.parseInt(networkId.substring(0, 6), 16);
        return bits == 0 ? 1 : bits;
    }
}
