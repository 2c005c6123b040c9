package dev.berth.runtime.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NetworkSettings of container inspect and the Ports / networks of container list, from {@link NetState}. */
public final class NetworkViews {
    private NetworkViews() {
    }

    public static Map<String, Object> settings(NetState state, JsonNode hostConfig) {
        NetState.Attached p = state.primary();
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("Bridge", "");
        net.put("SandboxID", state.netns == null ? "" : state.netns);
        net.put("SandboxKey", state.netns == null ? "" : "/run/netns/" + state.netns);
        net.put("Ports", ports(state, hostConfig));
        net.put("HairpinMode", false);
        net.put("LinkLocalIPv6Address", "");
        net.put("LinkLocalIPv6PrefixLen", 0);
        net.put("SecondaryIPAddresses", null);
        net.put("SecondaryIPv6Addresses", null);
        boolean bridge = p != null && p.networkName().equals("bridge");
        net.put("EndpointID", bridge ? p.endpointId() : "");
        net.put("Gateway", bridge ? p.gateway() : "");
        boolean v6 = bridge && p.ip6() != null;
        net.put("GlobalIPv6Address", v6 ? p.ip6() : "");
        net.put("GlobalIPv6PrefixLen", v6 ? p.prefixLen6() : 0);
        net.put("IPAddress", bridge ? p.ip() : "");
        net.put("IPPrefixLen", bridge ? p.prefixLen() : 0);
        net.put("IPv6Gateway", v6 ? p.gateway6() : "");
        net.put("MacAddress", bridge ? p.mac() : "");
        net.put("Networks", networks(state, hostConfig));
        return net;
    }

    /** Docker's Ports map: every exposed or published "port/proto" → bindings (null when not published). */
    static Map<String, Object> ports(NetState state, JsonNode hostConfig) {
        Map<String, Object> ports = new LinkedHashMap<>();
        if (state.netns == null) {
            return ports;
        }
        for (PortMapping m : state.ports) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) ports.computeIfAbsent(m.key(), k -> new ArrayList<>());
            list.add(Map.of("HostIp", m.hostIp(), "HostPort", Integer.toString(m.hostPort())));
        }
        return ports;
    }

    public static Map<String, Object> networks(NetState state, JsonNode hostConfig) {
        Map<String, Object> out = new LinkedHashMap<>();
        String mode = hostConfig.path("NetworkMode").asText("none");
        if (!ContainerNetworking.isBridged(mode)) {
            if (!mode.startsWith("container:")) {
                out.put(mode, endpoint(null, null, null, null));
            }
            return out;
        }
        Map<String, NetState.Attached> attached = new LinkedHashMap<>();
        state.endpoints.forEach(a -> attached.put(a.networkName(), a));
        for (var e : state.requested.entrySet()) {
            out.put(e.getKey(), endpoint(e.getKey(), e.getValue(), attached.remove(e.getKey()),
                    state.kept.get(e.getKey())));
        }
        attached.forEach((name, a) -> out.put(name, endpoint(name, null, a, null)));
        if (out.isEmpty()) {
            out.put(mode, endpoint(mode, null, null, state.kept.get(mode)));
        }
        return out;
    }

    /** One network's EndpointSettings; {@code kept}: what a stopped container still shows (NetworkID, DNSNames). */
    private static Map<String, Object> endpoint(String name, NetState.Requested r, NetState.Attached a,
            NetState.Kept kept) {
        Map<String, Object> ep = new LinkedHashMap<>();
        ep.put("IPAMConfig", ipamConfig(r));
        ep.put("Links", r == null || r.links() == null || r.links().isEmpty() ? null : r.links());
        ep.put("Aliases", r == null || r.aliases() == null || r.aliases().isEmpty() ? null : r.aliases());
        ep.put("MacAddress", a != null ? a.mac() : r != null && r.mac() != null ? r.mac() : "");
        ep.put("DriverOpts", r == null || r.driverOpts() == null || r.driverOpts().isEmpty() ? null : r.driverOpts());
        ep.put("NetworkID", a != null ? a.networkId()
                : kept != null && kept.networkId() != null ? kept.networkId() : "");
        ep.put("EndpointID", a != null ? a.endpointId() : "");
        ep.put("Gateway", a != null ? a.gateway() : "");
        ep.put("IPAddress", a != null ? a.ip() : "");
        ep.put("IPPrefixLen", a != null ? a.prefixLen() : 0);
        boolean v6 = a != null && a.ip6() != null;
        ep.put("IPv6Gateway", v6 ? a.gateway6() : "");
        ep.put("GlobalIPv6Address", v6 ? a.ip6() : "");
        ep.put("GlobalIPv6PrefixLen", v6 ? a.prefixLen6() : 0);
        List<String> dnsNames = a != null ? a.dnsNames() : kept != null ? kept.dnsNames() : null;
        ep.put("DNSNames", dnsNames != null && !dnsNames.isEmpty() ? dnsNames : null);
        return ep;
    }

    /** moby's EndpointIPAMConfig, every field omitempty; null when nothing was asked. */
    private static Map<String, Object> ipamConfig(NetState.Requested r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> ipam = new LinkedHashMap<>();
        if (r.ipv4() != null) {
            ipam.put("IPv4Address", r.ipv4());
        }
        if (r.ipv6() != null) {
            ipam.put("IPv6Address", r.ipv6());
        }
        if (r.linkLocalIps() != null && !r.linkLocalIps().isEmpty()) {
            ipam.put("LinkLocalIPs", r.linkLocalIps());
        }
        return ipam.isEmpty() ? null : ipam;
    }

    /** The Ports of container list: published ones with their host side. */
    public static List<Map<String, Object>> summaryPorts(NetState state) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (state.netns == null) {
            return out;
        }
        for (PortMapping m : state.ports) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("IP", m.hostIp());
            p.put("PrivatePort", m.containerPort());
            p.put("PublicPort", m.hostPort());
            p.put("Type", m.proto());
            out.add(p);
        }
        return out;
    }
}
