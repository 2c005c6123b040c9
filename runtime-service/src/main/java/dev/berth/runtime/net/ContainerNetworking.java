package dev.berth.runtime.net;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.contract.EndpointRequest;
import dev.berth.common.contract.NetworkGrant;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.spec.ContainerSpec;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.EndpointSpec;
import dev.berth.runtime.spec.EndpointSpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A container's networking on this node. At start ({@link #plumb}): addresses from network-service, one pinned
 * namespace, a veth per network into its bridge, published ports (reserved host port + DNAT), /etc/hosts and
 * /etc/resolv.conf, names in the network's DNS server. At exit ({@link #teardown}) all of it goes; the addresses
 * come back through the die event. Blocking: worker threads only.
 */
public final class ContainerNetworking implements NetworkRequests {
    private static final Logger LOG = Logger.getLogger(ContainerNetworking.class.getName());

    private final NetConfig config;
    private final HostNetwork host;
    private final NetworkClient client;
    private final PortReservations reservations;
    private final DnsServers dns;
    private final OverlayPeers overlay;
    /** Per container being started: what its start resolved in the database (links, container: targets). */
    private final Map<String, StartContext> startContexts = new ConcurrentHashMap<>();

    /** linkTargets: alias → container id; joinTarget: the id of a container:<id> network mode. */
    public record StartContext(Map<String, String> linkTargets, Map<String, String> linkNames, String joinTarget,
            Map<String, JsonNode> linkConfigs) {
    }

    public ContainerNetworking(NetConfig config, HostNetwork host, NetworkClient client, PortReservations reservations,
            DnsServers dns) {
        this(config, host, client, reservations, dns, null);
    }

    /** {@code overlay}: the user networks' containers on other nodes (null: none are entered). */
    public ContainerNetworking(NetConfig config, HostNetwork host, NetworkClient client, PortReservations reservations,
            DnsServers dns, OverlayPeers overlay) {
        this.config = config;
        this.host = host;
        this.client = client;
        this.reservations = reservations;
        this.dns = dns;
        this.overlay = overlay;
    }

    /** The user networks' containers on other nodes, or null. */
    public OverlayPeers overlay() {
        return overlay;
    }

    public HostNetwork host() {
        return host;
    }

    public NetworkClient client() {
        return client;
    }

    public DnsServers dns() {
        return dns;
    }

    public NetConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ create

    /** A network mode the node can give, with the network's own name (404 if the network does not exist). */
    @Override
    public String resolveMode(String mode) {
        if (mode == null || mode.isEmpty() || mode.equals("default")) {
            return "bridge";
        }
        if (mode.equals("host") || mode.equals("none") || mode.equals("bridge") || mode.startsWith("container:")) {
            return mode;
        }
        try {
            return client.network(mode).networkName();
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return mode; // as dockerd: the container is created, its start fails with "network ... not found"
            }
            throw e;
        }
    }

    /** Records the networks a new container asked for (primary first). */
    @Override
    public void recordCreate(Path bundle, String mode, Map<String, EndpointSpec> endpoints, String legacyMac) {
        NetState state = new NetState();
        if (!isBridged(mode)) {
            state.write(bundle);
            return;
        }
        Map<String, NetState.Requested> requested = new LinkedHashMap<>();
        for (var e : endpoints.entrySet()) {
            String name = resolveMode(e.getKey());
            if (name.equals(mode) || name.equals(e.getKey()) && mode.equals(e.getKey())) {
                continue;
            }
            if (!isBridged(name)) {
                throw BerthException.invalid("Container cannot be connected to network endpoints: " + mode
                        + ", " + e.getKey());
            }
            requested.put(name, requested(e.getValue(), ""));
        }
        EndpointSpec primary = endpoints.get(mode);
        if (primary == null) {
            // the client may name the network by id
            for (var e : endpoints.entrySet()) {
                if (resolveMode(e.getKey()).equals(mode)) {
                    primary = e.getValue();
                }
            }
        }
        Map<String, NetState.Requested> ordered = new LinkedHashMap<>();
        ordered.put(mode, requested(primary, legacyMac));
        requested.forEach(ordered::putIfAbsent);
        if (mode.equals("bridge") && primary != null && !primary.aliases().isEmpty()) {
            throw BerthException.invalid("network-scoped alias is supported only for containers in user defined networks");
        }
        state.requested = ordered;
        state.write(bundle);
    }

    static NetState.Requested requested(EndpointSpec ep, String legacyMac) {
        if (ep == null) {
            return NetState.Requested.plain(legacyMac.isEmpty() ? null : legacyMac);
        }
        String ip = ep.ipv4Address();
        String ip6 = ep.ipv6Address();
        if (!ip6.isEmpty() && !(ip6.contains(":") && isIpLiteral(ip6))) {
            throw BerthException.invalid("invalid IPv6 address: " + ip6);
        }
        String mac = ep.macAddress();
        if (mac.isEmpty()) {
            mac = legacyMac;
        }
        if (!mac.isEmpty() && !mac.matches("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw BerthException.invalid("invalid MAC address: " + mac);
        }
        return new NetState.Requested(ep.aliases(), ip.isEmpty() ? null : ip, mac.isEmpty() ? null : mac,
                ep.links(), linkLocalIps(ep.linkLocalIps()), ep.driverOpts(), ip6.isEmpty() ? null : ip6);
    }

    /**
     * IPAMConfig.LinkLocalIPs: IP addresses, not the unspecified one (moby's EndpointIPAMConfig.Validate), added to
     * the interface at start.
     */
    static List<String> linkLocalIps(List<String> out) {
        for (String ip : out) {
            if (!isIpLiteral(ip)) {
                throw BerthException.invalid("invalid link-local IP address: " + ip);
            }
        }
        return out;
    }

    private static boolean isIpLiteral(String ip) {
        if (ip.matches("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)")) {
            return !ip.equals("0.0.0.0");
        }
        if (!ip.contains(":") || !ip.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            // an IPv6 literal: parsed, never looked up
            return !java.net.InetAddress.getByName(ip).isAnyLocalAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The stored HostConfig's network mode; bridge without one. */
    private static String networkMode(JsonNode hostConfig) {
        String mode = ContainerSpecParser.hostConfig(hostConfig).networkMode();
        return mode.isEmpty() ? "bridge" : mode;
    }

    public static boolean isBridged(String mode) {
        return mode != null && !mode.equals("host") && !mode.equals("none") && !mode.startsWith("container:");
    }

    // ------------------------------------------------------------------ start

    public void stashStartContext(String id, StartContext ctx) {
        startContexts.put(id, ctx);
    }

    /**
     * The legacy links' environment for the container about to start (moby setupLinkedContainers): only on the
     * default bridge, and only with {@link LinkEnv#enabled()} (Docker 29 dropped it by default). Call before plumb.
     */
    public List<String> linkEnv(String id, String name, JsonNode hostConfig, Path bundlesDir) {
        StartContext ctx = startContexts.get(id);
        if (ctx == null || !LinkEnv.enabled() || !"bridge".equals(networkMode(hostConfig))) {
            return List.of();
        }
        List<String> env = new ArrayList<>();
        ctx.linkTargets().forEach((alias, childId) -> {
            String ip = NetState.read(bundlesDir.resolve(childId)).endpoints.stream()
                    .filter(a -> a.networkName().equals("bridge")).map(NetState.Attached::ip).findFirst().orElse("");
            JsonNode cfg = ctx.linkConfigs() == null ? null : ctx.linkConfigs().get(alias);
            env.addAll(LinkEnv.of("/" + name + "/" + alias, ip,
                    cfg == null ? List.of() : EtcFiles.strings(cfg.get("Env")),
                    cfg == null ? null : cfg.get("ExposedPorts")));
        });
        return env;
    }

    /**
     * Plumbs the container before runc creates it; returns the path of the network namespace to join, or null
     * (host: none; none: runc makes a fresh one).
     */
    public String plumb(String id, String name, JsonNode cfg, JsonNode hostConfig, Path bundle, Path bundlesDir) {
        StartContext ctx = startContexts.remove(id);
        ContainerSpec spec = ContainerSpecParser.stored(cfg, hostConfig);
        String mode = spec.host().networkMode().isEmpty() ? "bridge" : spec.host().networkMode();
        String hostname = spec.process().hostname().isEmpty() ? id.substring(0, 12) : spec.process().hostname();
        String domainname = spec.process().domainname();
        if (mode.equals("host") || mode.equals("none")) {
            if (mode.equals("none")) {
                writeHosts(bundle, null, hostname, domainname, hostConfig, null, ctx, bundlesDir);
            }
            writeResolv(bundle, hostConfig, null);
            return null;
        }
        if (mode.startsWith("container:")) {
            String target = ctx != null && ctx.joinTarget() != null ? ctx.joinTarget()
                    : mode.substring("container:".length());
            Path targetBundle = bundlesDir.resolve(target);
            NetState ts = NetState.read(targetBundle);
            String path = ts.netns != null && host.netnsExists(ts.netns)
                    ? "/run/netns/" + ts.netns : null;
            if (path == null) {
                throw BerthException.conflict("cannot join network namespace of container " + target
                        + ": it is not running or has no network namespace of its own");
            }
            copy(targetBundle.resolve("hosts"), bundle.resolve("hosts"));
            copy(targetBundle.resolve("resolv.conf"), bundle.resolve("resolv.conf"));
            return path;
        }
        NetState state = NetState.read(bundle);
        if (state.requested.isEmpty()) {
            state.requested.put(mode, NetState.Requested.plain(null));
        }
        String ns = config.netnsName(id);
        state.netns = ns;
        state.endpoints = new ArrayList<>();
        state.ports = new ArrayList<>();
        state.dns = EtcFiles.strings(hostConfig.get("Dns"));
        state.write(bundle); // teardown finds the namespace even if the next steps fail
        host.ensureBase();
        host.addNetns(ns);
        int index = 0;
        for (var e : state.requested.entrySet()) {
            state.endpoints.add(attachOne(id, name, ns, index++, e.getKey(), e.getValue(), index == 1));
            state.write(bundle);
        }
        NetState.Attached primary = state.primary();
        String publishIp = config.publishIp().filter(s -> !s.isBlank()).orElse("0.0.0.0");
        for (PortMapping wanted : PortMapping.from(spec, publishIp)) {
            PortMapping bound = reservations.reserve(id, wanted);
            state.ports.add(bound);
            state.write(bundle);
            host.addDnat(bound, primary.ip());
        }
        writeHosts(bundle, primary.ip(), hostname, domainname, hostConfig, primary, ctx, bundlesDir);
        writeResolv(bundle, hostConfig, userNetworkDns(primary));
        for (NetState.Attached a : state.endpoints) {
            registerDns(id, a, state);
        }
        state.write(bundle);
        return "/run/netns/" + ns;
    }

    private NetState.Attached attachOne(String id, String name, String ns, int index, String network,
            NetState.Requested req, boolean primary) {
        List<String> aliases = req.aliases() == null ? List.of() : req.aliases();
        NetworkGrant grant = client.allocate(network, new EndpointRequest(id, name, aliases, req.ipv4(), req.ipv6(),
                req.mac(), HostInfo.nodeName()));
        NetworkGrant.Endpoint endpoint = grant.endpoint();
        if (endpoint == null) {
            throw BerthException.internal("network-service granted no endpoint on " + network, null);
        }
        HostNetwork.Bridge bridge = bridge(grant);
        host.ensureBridge(bridge);
        String iface = "eth" + index;
        String veth = hostVeth(id, grant.networkId());
        String ip = endpoint.ipAddress();
        String mac = endpoint.macAddress();
        String ip6 = endpoint.globalIpv6Address().isEmpty() ? null : endpoint.globalIpv6Address();
        host.attach(ns, veth, iface, bridge, ip, ip6, mac, primary && !bridge.internal(),
                req.linkLocalIps() == null ? List.of() : req.linkLocalIps());
        boolean user = !grant.networkName().equals("bridge");
        List<String> dnsNames = new ArrayList<>();
        if (user) {
            dnsNames.add(name);
            dnsNames.addAll(aliases);
            dnsNames.add(id.substring(0, 12));
        }
        return new NetState.Attached(grant.networkId(), grant.networkName(),
                bridge.device(), bridge.subnet(), bridge.gateway(), bridge.prefixLen(), ip, mac, aliases,
                endpoint.endpointId(), bridge.internal(), iface, veth, dnsNames, ip6,
                bridge.gateway6(), bridge.prefixLen6());
    }

    static HostNetwork.Bridge bridge(NetworkGrant n) {
        String gateway6 = n.ipv6Gateway();
        return new HostNetwork.Bridge(n.bridge(), n.subnet(), n.gateway(), n.ipPrefixLen(), n.internal(),
                gateway6.isEmpty() ? null : gateway6, n.globalIpv6PrefixLen());
    }

    String hostVeth(String containerId, String networkId) {
        return config.deviceName("v", containerId + "/" + networkId);
    }

    private String userNetworkDns(NetState.Attached primary) {
        return primary == null || primary.networkName().equals("bridge") ? null : primary.gateway();
    }

    private void registerDns(String id, NetState.Attached a, NetState state) {
        if (!a.networkName().equals("bridge")) {
            NetState.Requested req = state.requested.get(a.networkName());
            dns.register(a.networkId(), a.gateway(), id, a.ip(), a.dnsNames(), state.dns,
                    DnsServers.linkAliases(req == null ? null : req.links()));
            joinedHere(a);
        }
    }

    /** A user network has a container here: its containers on other nodes are entered (the start goes on if not). */
    private void joinedHere(NetState.Attached a) {
        if (overlay == null) {
            return;
        }
        try {
            overlay.joined(a.networkId(), a.bridgeDevice());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "network " + a.networkName() + ": its containers on other nodes are not reached yet: "
                    + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ live connect / disconnect

    /** docker network connect on a running container. */
    public NetState connectRunning(String id, String name, Path bundle, String network, JsonNode endpointConfig) {
        NetState state = NetState.read(bundle);
        if (state.netns == null) {
            throw BerthException.invalid("container " + id + " has no network namespace to connect");
        }
        String netName = resolveMode(network);
        if (state.endpoints.stream().anyMatch(a -> a.networkName().equals(netName))) {
            throw new BerthException(ErrorKind.FORBIDDEN, "endpoint with name " + name + " already exists in network "
                    + netName);
        }
        NetState.Requested req = requested(EndpointSpecParser.endpointConfig(endpointConfig), "");
        int index = 0;
        while (true) {
            String candidate = "eth" + index;
            if (state.endpoints.stream().noneMatch(a -> a.iface().equals(candidate))) {
                break;
            }
            index++;
        }
        NetState.Attached a;
        try {
            a = attachOne(id, name, state.netns, index, netName, req, state.endpoints.isEmpty());
        } catch (RuntimeException e) {
            releaseQuietly(netName, id);
            throw e;
        }
        state.endpoints.add(a);
        state.requested.put(netName, req);
        state.write(bundle);
        registerDns(id, a, state);
        return state;
    }

    /** Adds a network to a stopped container's list (attached at its next start). */
    public void connectStopped(Path bundle, String name, String network, JsonNode endpointConfig) {
        NetState state = NetState.read(bundle);
        String netName = resolveMode(network);
        if (state.requested.containsKey(netName)) {
            throw new BerthException(ErrorKind.FORBIDDEN, "endpoint with name " + name + " already exists in network "
                    + netName);
        }
        // (the network mode was checked by the caller: a stopped container disconnected from all its networks, as
        // docker-compose does before connecting it again with its aliases, may be connected)
        state.requested.put(netName, requested(EndpointSpecParser.endpointConfig(endpointConfig), ""));
        state.write(bundle);
    }

    public void disconnect(String id, Path bundle, String network) {
        NetState state = NetState.read(bundle);
        String netName = resolveMode(network);
        NetState.Attached a = state.endpoints.stream().filter(x -> x.networkName().equals(netName)).findFirst()
                .orElse(null);
        if (a == null && !state.requested.containsKey(netName)) {
            throw new BerthException(ErrorKind.FORBIDDEN, "container " + id + " is not connected to network " + netName);
        }
        if (a != null) {
            dns.unregister(a.networkId(), id);
            host.detach(a.hostVeth());
            state.endpoints.remove(a);
            releaseQuietly(a.networkId(), id);
        }
        state.requested.remove(netName);
        state.kept.remove(netName);
        state.write(bundle);
    }

    // ------------------------------------------------------------------ exit

    /** Removes what the container had on the host; {@code release}: give its addresses back now. */
    public void teardown(String id, Path bundle, boolean release) {
        NetState state = NetState.read(bundle);
        NetState.Attached primary = state.primary();
        for (PortMapping p : state.ports) {
            if (primary != null) {
                host.removeDnat(p, primary.ip());
            }
        }
        reservations.releaseAll(id);
        for (NetState.Attached a : state.endpoints) {
            dns.unregister(a.networkId(), id);
            if (release) {
                releaseQuietly(a.networkId(), id);
            }
        }
        if (state.netns != null) {
            host.deleteNetns(state.netns);
        }
        if (state.netns != null || !state.endpoints.isEmpty() || !state.ports.isEmpty()) {
            for (NetState.Attached a : state.endpoints) {
                state.kept.put(a.networkName(), new NetState.Kept(a.networkId(), a.dnsNames()));
            }
            state.netns = null;
            state.endpoints = new ArrayList<>();
            state.ports = new ArrayList<>();
            if (Files.isDirectory(bundle)) {
                state.write(bundle);
            }
        }
    }

    private void releaseQuietly(String network, String id) {
        try {
            client.release(network, id);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "release of " + id + " on " + network + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ node start

    /** After a restart of the service: bridges, chains, DNAT rules, port reservations and names of running containers. */
    public void restore(Path bundlesDir) {
        host.ensureBase();
        try (var dirs = Files.newDirectoryStream(bundlesDir)) {
            for (Path bundle : dirs) {
                NetState state = NetState.read(bundle);
                if (state.netns == null || !host.netnsExists(state.netns)) {
                    continue;
                }
                String id = bundle.getFileName().toString();
                try {
                    for (NetState.Attached a : state.endpoints) {
                        host.ensureBridge(a.bridgeDevice());
                        registerDns(id, a, state);
                    }
                    NetState.Attached primary = state.primary();
                    for (PortMapping p : state.ports) {
                        if (primary != null) {
                            host.ensureDnat(p, primary.ip());
                        }
                        try {
                            reservations.reserve(id, p);
                        } catch (RuntimeException e) {
                            LOG.warning("cannot reserve " + p + " again for " + id + ": " + e.getMessage());
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot restore the network of " + id, e);
                }
            }
        } catch (IOException e) {
            // no containers yet
        }
    }

    // ------------------------------------------------------------------ etc files

    private void writeHosts(Path bundle, String ip, String hostname, String domainname, JsonNode hostConfig,
            NetState.Attached primary, StartContext ctx, Path bundlesDir) {
        List<String> extra = new ArrayList<>();
        for (String e : EtcFiles.strings(hostConfig.get("ExtraHosts"))) {
            String entry = e.replaceFirst("=", ":");
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String target = entry.substring(colon + 1);
            if (target.equals("host-gateway")) {
                target = hostGateway(primary);
            }
            extra.add(entry.substring(0, colon) + ":" + target);
        }
        List<String> links = new ArrayList<>();
        if (ctx != null) {
            ctx.linkTargets().forEach((alias, targetId) -> {
                NetState ts = NetState.read(bundlesDir.resolve(targetId));
                NetState.Attached ta = ts.primary();
                if (ta != null) {
                    String targetName = ctx.linkNames().getOrDefault(alias, alias);
                    String names = alias.equals(targetName) ? alias + " " + targetId.substring(0, 12)
                            : alias + " " + targetId.substring(0, 12) + " " + targetName;
                    links.add(ta.ip() + "\t" + names);
                }
            });
        }
        try {
            Files.writeString(bundle.resolve("hosts"), EtcFiles.hosts(ip, hostname, domainname, extra, links));
        } catch (IOException e) {
            throw BerthException.internal("cannot write /etc/hosts: " + e.getMessage(), e);
        }
    }

    private String hostGateway(NetState.Attached primary) {
        if (primary != null) {
            return primary.gateway();
        }
        try {
            return java.util.Objects.requireNonNullElse(client.network("bridge").gateway(), "127.0.0.1");
        } catch (RuntimeException e) {
            return "127.0.0.1";
        }
    }

    private void writeResolv(Path bundle, JsonNode hostConfig, String embeddedDns) {
        String text = EtcFiles.resolvConf(EtcFiles.hostResolvConf(host.kernel()), EtcFiles.strings(hostConfig.get("Dns")),
                EtcFiles.strings(hostConfig.get("DnsSearch")), EtcFiles.strings(hostConfig.get("DnsOptions")),
                embeddedDns);
        try {
            Files.writeString(bundle.resolve("resolv.conf"), text);
        } catch (IOException e) {
            throw BerthException.internal("cannot write /etc/resolv.conf: " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            if (Files.exists(from)) {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // keep what there is
        }
    }
}
