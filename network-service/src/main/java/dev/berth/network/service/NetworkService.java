package dev.berth.network.service;

import dev.berth.common.contract.EventPayloads;
import dev.berth.common.contract.NetworkEventData;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventType;
import dev.berth.common.events.Topics;
import dev.berth.common.outbox.Outbox;
import dev.berth.common.contract.ContainerNetwork;
import dev.berth.network.domain.Endpoint;
import dev.berth.network.domain.Network;
import dev.berth.network.ipam.AddressPicker;
import dev.berth.network.ipam.AuxAddresses;
import dev.berth.network.ipam.Cidr;
import dev.berth.network.ipam.Cidr6;
import dev.berth.network.ipam.HostRoutes;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.ipam.Ipv6Pool;
import dev.berth.network.ipam.TakenSubnets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Networks and their IPAM. Every method opens its own transaction (call it outside one). */
@ApplicationScoped
public class NetworkService {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SOURCE = "network-service";
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";

    @Inject
    NetworkSettings settings;

    public record CreateRequest(String name, String driver, boolean internal, boolean attachable, String subnet,
            String gateway, String ipRange, Map<String, String> auxAddresses, Map<String, String> options,
            Map<String, String> labels, boolean enableIpv6, String subnet6, String gateway6, String ipRange6) {
    }

    /** What a node needs to attach a container: the network and the container's address on it. */
    public record Grant(Network network, Endpoint endpoint) {
    }

    // ------------------------------------------------------------------ lookups

    public Uni<Network> find(String ref) {
        return Panache.withSession(() -> findIn(ref));
    }

    Uni<Network> findIn(String ref) {
        return Network.<Network>find("id = ?1", ref).firstResult()
                .chain(byId -> byId != null ? Uni.createFrom().item(byId)
                        : Network.<Network>find("name = ?1", ref).firstResult())
                .chain(byName -> byName != null || ref == null || !ref.matches("[0-9a-f]{1,63}")
                        ? Uni.createFrom().item(byName)
                        : Network.<Network>find("id like ?1", ref + "%").list().map(list -> {
                            if (list.size() > 1) {
                                throw BerthException.invalid("network " + ref + " is ambiguous (" + list.size()
                                        + " matches found based on ID prefix)");
                            }
                            return list.isEmpty() ? null : list.get(0);
                        }))
                .onItem().ifNull().failWith(() -> BerthException.notFound("network " + ref + " not found"));
    }

    public Uni<List<Network>> listAll() {
        return Panache.withSession(() -> Network.<Network>listAll());
    }

    public Uni<List<Endpoint>> endpoints(String networkId) {
        return Panache.withSession(() -> endpointsIn(networkId));
    }

    Uni<List<Endpoint>> endpointsIn(String networkId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select network_id, container_id, container_name, address, mac, aliases, address6, node from endpoint"
                                + " where network_id = :n order by address", Object[].class)
                .setParameter("n", networkId).getResultList())
                .map(rows -> rows.stream().map(NetworkService::endpoint).toList());
    }

    /** The networks {@code containerId} has an address on, with its aliases there, in the order it got them. */
    public Uni<List<ContainerNetwork>> networksOf(String containerId) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "select n.id, n.name, e.aliases from endpoint e join network n on n.id = e.network_id"
                                + " where e.container_id = :c order by e.attached_at", Object[].class)
                .setParameter("c", containerId).getResultList()))
                .map(rows -> rows.stream().map(r -> new ContainerNetwork((String) r[0], (String) r[1],
                        strings((String) r[2]))).toList());
    }

    public Uni<Map<String, List<Endpoint>>> allEndpoints() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "select network_id, container_id, container_name, address, mac, aliases, address6, node from endpoint"
                                + " order by address", Object[].class).getResultList()))
                .map(rows -> {
                    Map<String, List<Endpoint>> byNetwork = new LinkedHashMap<>();
                    rows.stream().map(NetworkService::endpoint)
                            .forEach(e -> byNetwork.computeIfAbsent(e.networkId(), k -> new ArrayList<>()).add(e));
                    return byNetwork;
                });
    }

    private static Endpoint endpoint(Object[] r) {
        return new Endpoint((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).longValue(), (String) r[4],
                strings((String) r[5]), (String) r[6], (String) r[7]);
    }

    // ------------------------------------------------------------------ default bridge

    /** Gives the default bridge its device and, once, its subnet (configured, or the first free block). */
    public Uni<Void> configureDefaultBridge() {
        return Panache.withTransaction(() -> lockNetworks().chain(() -> Network.<Network>find("name", "bridge")
                .<Network>firstResult()).chain((Network bridge) -> takenSubnets(bridge.id).map(taken -> {
                    bridge.bridge = settings.bridge();
                    Map<String, String> options = new LinkedHashMap<>(map(bridge.options));
                    options.put(BRIDGE_NAME_OPTION, settings.bridge());
                    options.put("com.docker.network.bridge.default_bridge", "true");
                    options.put("com.docker.network.bridge.enable_icc", "true");
                    options.put("com.docker.network.bridge.enable_ip_masquerade", "true");
                    bridge.options = json(options);
                    if (bridge.subnet == null) {
                        Cidr subnet = settings.bridgeSubnet().filter(s -> !s.isBlank()).map(Cidr::parse)
                                .orElseGet(() -> taken.choose(settings.addressPools()));
                        bridge.subnet = subnet.toString();
                        bridge.gateway = Ipv4.format(subnet.base() + 1);
                    }
                    return null;
                })));
    }

    // ------------------------------------------------------------------ create / remove / prune

    public Uni<Network> create(CreateRequest req) {
        String name = req.name() == null ? "" : req.name();
        // Like dockerd (libnetwork's NewNetwork), a network name is free-form text; only a blank one is refused.
        if (name.strip().isEmpty()) {
            return Uni.createFrom().failure(BerthException.invalid("invalid name: name is empty"));
        }
        String driver = req.driver() == null || req.driver().isEmpty() ? "bridge" : req.driver();
        if (!driver.equals("bridge")) {
            return Uni.createFrom().failure(BerthException.notFound("plugin \"" + driver + "\" not found"));
        }
        if (Network.PREDEFINED.contains(name)) {
            return Uni.createFrom().failure(new BerthException(ErrorKind.FORBIDDEN,
                    "operation is not permitted on predefined " + name + " network "));
        }
        String id = newId();
        return Panache.withTransaction(() -> lockNetworks()
                .chain(() -> Network.<Network>find("name", name).firstResult())
                .invoke(existing -> {
                    if (existing != null) {
                        throw BerthException.conflict("network with name " + name + " already exists");
                    }
                })
                .chain(() -> takenSubnets(null))
                .chain(taken -> ipv6Pools().chain(taken6 -> {
                    Network n = new Network();
                    n.id = id;
                    n.name = name;
                    n.driver = driver;
                    n.scope = "local";
                    n.internal = req.internal();
                    n.attachable = req.attachable();
                    n.labels = json(req.labels() == null ? Map.of() : req.labels());
                    Map<String, String> options = req.options() == null ? Map.of() : req.options();
                    n.options = json(options);
                    n.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                    Cidr subnet;
                    if (req.subnet() != null && !req.subnet().isBlank()) {
                        subnet = Cidr.parse(req.subnet());
                        if (subnet.length() > 30) {
                            throw BerthException.invalid("subnet " + subnet + " is too small");
                        }
                        List<Cidr> networks = taken.networks();
                        if (networks.stream().anyMatch(subnet::overlaps)) {
                            throw new BerthException(ErrorKind.FORBIDDEN,
                                    "invalid pool request: Pool overlaps with other one on this address space");
                        }
                    } else {
                        subnet = taken.choose(settings.addressPools());
                    }
                    long gateway = subnet.base() + 1;
                    if (req.gateway() != null && !req.gateway().isBlank()) {
                        gateway = Ipv4.parse(req.gateway());
                        if (!subnet.contains(gateway)) {
                            throw new BerthException(ErrorKind.FORBIDDEN, "no matching subnet for gateway "
                                    + req.gateway());
                        }
                    }
                    if (req.ipRange() != null && !req.ipRange().isBlank()) {
                        Cidr range = Cidr.parse(req.ipRange());
                        if (!subnet.contains(range)) {
                            throw new BerthException(ErrorKind.FORBIDDEN, "no matching subnet for range "
                                    + req.ipRange());
                        }
                        n.ipRange = range.toString();
                    }
                    if (req.auxAddresses() != null && !req.auxAddresses().isEmpty()) {
                        boolean given = req.subnet() != null && !req.subnet().isBlank();
                        n.auxAddresses = json(AuxAddresses.validate(given ? subnet : null, req.auxAddresses()));
                    }
                    n.subnet = subnet.toString();
                    n.gateway = Ipv4.format(gateway);
                    n.enableIpv6 = req.enableIpv6();
                    if (req.subnet6() != null && !req.subnet6().isBlank()) {
                        Ipv6Pool pool = Ipv6Pool.of(req.subnet6(), req.gateway6(), req.ipRange6(), taken6);
                        n.subnet6 = pool.subnet();
                        n.gateway6 = pool.gateway();
                        n.ipRange6 = pool.ipRange();
                    } else if (req.enableIpv6()) {
                        // dockerd has no default IPv6 pools (its 404 as well)
                        throw BerthException.notFound("could not find an available, non-overlapping IPv6 address pool"
                                + " among the defaults to assign to the network");
                    }
                    String device = options.get(BRIDGE_NAME_OPTION);
                    if (device != null && !device.isBlank()) {
                        if (!device.matches("[a-zA-Z0-9_.-]{1,15}")) {
                            throw BerthException.invalid("invalid bridge name " + device);
                        }
                        n.bridge = device;
                    } else {
                        n.bridge = settings.userBridge(id);
                    }
                    return Network.<Network>find("bridge", n.bridge).firstResult().chain(clash -> {
                        if (clash != null) {
                            throw BerthException.conflict("bridge name " + n.bridge + " is used by network "
                                    + clash.name);
                        }
                        return n.<Network>persist();
                    });
                }))
                .call(n -> event(n, "create", Map.of())));
    }

    /** The IPv6 pools of every network. */
    private static Uni<List<Cidr6>> ipv6Pools() {
        return Network.<Network>listAll().map(all -> all.stream().filter(n -> n.subnet6 != null)
                .map(n -> Cidr6.parse(n.subnet6)).toList());
    }

    /** Subnets already taken: every network's, the host's routes, and bridges of removed networks still up. */
    private Uni<TakenSubnets> takenSubnets(String exceptNetworkId) {
        return Network.<Network>listAll().map(all -> {
            Set<String> ownBridges = new HashSet<>();
            List<Cidr> networks = new ArrayList<>();
            for (Network n : all) {
                if (n.bridge != null) {
                    ownBridges.add(n.bridge);
                }
                if (n.subnet != null && !n.id.equals(exceptNetworkId)) {
                    networks.add(Cidr.parse(n.subnet));
                }
            }
            return TakenSubnets.of(networks, HostRoutes.read(), ownBridges, settings.prefix() + "-");
        });
    }

    private static Uni<Void> lockNetworks() {
        return Panache.getSession().chain(s -> s.createNativeQuery("lock table network in share row exclusive mode")
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> remove(String ref) {
        return Panache.withTransaction(() -> findIn(ref).chain(this::removeIn));
    }

    private Uni<Void> removeIn(Network n) {
        if (n.predefined()) {
            return Uni.createFrom().failure(new BerthException(ErrorKind.FORBIDDEN,
                    n.name + " is a pre-defined network and cannot be removed"));
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select 1 from network where id = :id for update")
                        .setParameter("id", n.id).getResultList())
                .chain(() -> endpointsIn(n.id))
                .chain(endpoints -> {
                    if (!endpoints.isEmpty()) {
                        return Uni.createFrom().failure(new BerthException(ErrorKind.FORBIDDEN,
                                "error while removing network: network " + n.name + " id " + n.id
                                        + " has active endpoints"));
                    }
                    // a delete statement, not the entity's remove (docs/reliability.md, kill drills' finding 6)
                    return event(n, "destroy", Map.of()).chain(() -> Network.delete("id", n.id)).replaceWithVoid();
                });
    }

    /** Removes the unused networks that {@code wanted} accepts (by their labels and creation time). */
    public Uni<List<String>> prune(java.util.function.BiPredicate<Map<String, String>, java.time.OffsetDateTime> wanted) {
        return Panache.withTransaction(() -> Network.<Network>listAll().chain(all -> {
            List<Network> candidates = all.stream().filter(n -> !n.predefined())
                    .filter(n -> wanted.test(map(n.labels), n.createdAt)).toList();
            Uni<List<String>> removed = Uni.createFrom().item(new ArrayList<>());
            for (Network n : candidates) {
                removed = removed.chain(names -> endpointsIn(n.id).chain(eps -> eps.isEmpty()
                        ? removeIn(n).invoke(() -> names.add(n.name)).replaceWith(names)
                        : Uni.createFrom().item(names)));
            }
            return removed;
        }));
    }

    // ------------------------------------------------------------------ endpoints (IPAM)

    /**
     * Gives a container an address on a network, once: asking again (a restart) returns the same address and
     * refreshes the endpoint, so that a late release for the previous run does not take it away.
     */
    public Uni<Grant> allocate(String ref, String containerId, String containerName, List<String> aliases,
            String requestedIp, String requestedIp6, String requestedMac, String node) {
        return Panache.withTransaction(() -> findIn(ref).chain(n -> {
            if (n.subnet == null) {
                return Uni.createFrom().failure(BerthException.invalid("network " + n.name
                        + " has no addresses to give (driver " + n.driver + ")"));
            }
            return Panache.getSession()
                    .chain(s -> s.createNativeQuery("select 1 from network where id = :id for update")
                            .setParameter("id", n.id).getResultList())
                    .chain(() -> endpointsIn(n.id))
                    .chain(endpoints -> {
                        Endpoint mine = endpoints.stream().filter(e -> e.containerId().equals(containerId))
                                .findFirst().orElse(null);
                        List<String> names = aliases == null ? List.of() : aliases;
                        if (mine != null) {
                            Endpoint refreshed = new Endpoint(n.id, containerId, containerName, mine.address(),
                                    mine.mac(), names, mine.address6(), node);
                            return Panache.getSession().chain(s -> s.createNativeQuery(
                                            "update endpoint set attached_at = clock_timestamp(), aliases = :a,"
                                                    + " container_name = :cn, node = :node"
                                                    + " where network_id = :n and container_id = :c")
                                    .setParameter("a", json(names)).setParameter("cn", containerName)
                                    .setParameter("node", node)
                                    .setParameter("n", n.id).setParameter("c", containerId).executeUpdate())
                                    .replaceWith(new Grant(n, refreshed));
                        }
                        Set<Long> used = new HashSet<>();
                        endpoints.forEach(e -> used.add(e.address()));
                        map(n.auxAddresses).values().forEach(a -> used.add(Ipv4.parse(a)));
                        Cidr subnet = Cidr.parse(n.subnet);
                        long address = AddressPicker.pick(subnet, n.ipRange == null ? null : Cidr.parse(n.ipRange),
                                Ipv4.parse(n.gateway), used, requestedIp);
                        String mac = requestedMac != null && !requestedMac.isBlank() ? requestedMac.toLowerCase()
                                : Ipv4.mac(address);
                        // as dockerd: an IPv6 address only where IPv6 is enabled (a requested one is kept, unused)
                        String address6 = !n.givesIpv6() ? null
                                : new Ipv6Pool(n.subnet6, n.gateway6, n.ipRange6).pick(endpoints.stream()
                                        .map(Endpoint::address6).filter(a -> a != null)
                                        .collect(java.util.stream.Collectors.toSet()), requestedIp6);
                        Endpoint created = new Endpoint(n.id, containerId, containerName, address, mac, names,
                                address6, node);
                        return Panache.getSession().chain(s -> s.createNativeQuery(
                                        "insert into endpoint (network_id, container_id, container_name, address, mac,"
                                                + " aliases, address6, node)"
                                                + " values (:n, :c, :cn, :a, :m, :al, cast(:a6 as text), :node)")
                                .setParameter("node", node)
                                .setParameter("n", n.id).setParameter("c", containerId)
                                .setParameter("cn", containerName).setParameter("a", address)
                                .setParameter("m", mac).setParameter("al", json(names))
                                .setParameter("a6", address6).executeUpdate())
                                .chain(() -> event(n, "connect", Map.of("container", containerId)))
                                .replaceWith(new Grant(n, created));
                    });
        }));
    }

    /** Gives an address back (disconnect, a failed start). */
    public Uni<Boolean> release(String ref, String containerId) {
        return Panache.withTransaction(() -> findIn(ref).chain(n -> releaseIn(n, containerId, null)));
    }

    /**
     * A container stopped or went away: its addresses come back, except those (re)allocated after {@code before}
     * (the container was started again before this event was read).
     */
    public Uni<Void> releaseContainer(String containerId, Instant before) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                                "select network_id from endpoint where container_id = :c", String.class)
                        .setParameter("c", containerId).getResultList())
                .chain(ids -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (String networkId : ids) {
                        all = all.chain(() -> Network.<Network>findById(networkId)
                                .chain(n -> n == null ? Uni.createFrom().item(false) : releaseIn(n, containerId, before))
                                .replaceWithVoid());
                    }
                    return all;
                });
    }

    private Uni<Boolean> releaseIn(Network n, String containerId, Instant before) {
        String sql = "delete from endpoint where network_id = :n and container_id = :c"
                + (before == null ? "" : " and attached_at < :t");
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql).setParameter("n", n.id).setParameter("c", containerId);
            if (before != null) {
                q.setParameter("t", before.atOffset(ZoneOffset.UTC));
            }
            return q.executeUpdate();
        }).chain(count -> count == 0 ? Uni.createFrom().item(false)
                : event(n, "disconnect", Map.of("container", containerId)).replaceWith(true));
    }

    // ------------------------------------------------------------------ helpers

    Uni<Void> event(Network n, String action, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(extra);
        attributes.put("name", n.name);
        attributes.put("type", n.driver);
        boolean bridged = n.bridge != null;
        NetworkEventData data = new NetworkEventData(attributes, n.bridge, bridged ? n.subnet : null,
                bridged ? n.gateway : null, bridged ? n.internal : null);
        return Outbox.append(Topics.NETWORK, CloudEvent.of(SOURCE, EventType.of("network", action), n.id,
                EventPayloads.data(data)));
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static Map<String, String> map(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (Exception e) {
            return Map.of();
        }
    }

    static List<String> strings(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (Exception e) {
            return List.of();
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
