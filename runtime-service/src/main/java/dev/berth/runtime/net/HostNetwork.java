package dev.berth.runtime.net;

import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.node.ProcessRunner.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The node's host state for networks, with iproute2 and iptables, every name derived from {@link NetConfig}:
 * bridges, base chains hooked into the built-in ones ({@code <P>-DNAT} from PREROUTING/OUTPUT for local
 * destinations, {@code <P>-POST} from POSTROUTING, {@code <P>-FWD} first in FORWARD with the isolation chains
 * {@code <P>-ISO1/-ISO2}), the rules of each bridge, and the DNAT rules of published ports. Rules of other
 * programs are never touched: berth only adds to and deletes from its own chains, plus its own jumps.
 */
public final class HostNetwork {
    private static final Logger LOG = Logger.getLogger(HostNetwork.class.getName());
    private final ProcessRunner runner;
    private final NetConfig config;
    private final Set<String> readyBridges = ConcurrentHashMap.newKeySet();
    private volatile boolean baseReady;
    /** Every bridge this instance made, one per line, for `./berth down` (custom bridge names included). */
    private final Path bridgesFile;

    private final KernelFiles kernel;

    public HostNetwork(ProcessRunner runner, KernelFiles kernel, NetConfig config, Path bridgesFile) {
        this.runner = runner;
        this.kernel = kernel;
        this.config = config;
        this.bridgesFile = bridgesFile;
    }

    /** The kernel files this node's networking reads and writes (sysctls, /proc/net/dev, the host's resolv.conf). */
    public KernelFiles kernel() {
        return kernel;
    }

    private void remember(String device) {
        try {
            Files.createDirectories(bridgesFile.getParent());
            List<String> known = Files.exists(bridgesFile) ? Files.readAllLines(bridgesFile) : List.of();
            if (!known.contains(device)) {
                Files.writeString(bridgesFile, device + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            LOG.warning("cannot record bridge " + device + ": " + e.getMessage());
        }
    }

    /** {@code gateway6}: the bridge's IPv6 address on a network that gives IPv6 addresses, else null. */
    public record Bridge(String device, String subnet, String gateway, int prefixLen, boolean internal,
            String gateway6, int prefixLen6) {

        public Bridge(String device, String subnet, String gateway, int prefixLen, boolean internal) {
            this(device, subnet, gateway, prefixLen, internal, null, 0);
        }
    }

    // ------------------------------------------------------------------ base chains

    public synchronized void ensureBase() {
        if (baseReady) {
            return;
        }
        String dnat = config.chain("DNAT");
        String post = config.chain("POST");
        String fwd = config.chain("FWD");
        String iso1 = config.chain("ISO1");
        String iso2 = config.chain("ISO2");
        for (String c : List.of(dnat, post)) {
            newChain("nat", c);
        }
        for (String c : List.of(fwd, iso1, iso2)) {
            newChain("filter", c);
        }
        ensureRule("nat", "PREROUTING", false, "-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat);
        ensureRule("nat", "OUTPUT", false, "-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat);
        ensureRule("nat", "POSTROUTING", false, "-j", post);
        ensureRule("filter", "FORWARD", true, "-j", fwd);
        ensureRule("filter", fwd, true, "-j", iso1);
        ensureRule("filter", iso1, false, "-j", "RETURN");
        ensureRule("filter", iso2, false, "-j", "RETURN");
        writeSysctl("/proc/sys/net/ipv4/ip_forward", "1");
        baseReady = true;
    }

    // ------------------------------------------------------------------ bridges

    /** The bridge device with its gateway address, up, and its rules (idempotent; cached per process). */
    public void ensureBridge(Bridge b) {
        if (readyBridges.contains(b.device())) {
            return;
        }
        synchronized (this) {
            if (readyBridges.contains(b.device())) {
                return;
            }
            ensureBase();
            String gwCidr = b.gateway() + "/" + b.prefixLen();
            remember(b.device());
            if (!deviceExists(b.device())) {
                removeStaleBridges(b);
                ip(List.of("link add " + b.device() + " type bridge",
                        "addr add " + gwCidr + " dev " + b.device(),
                        "link set " + b.device() + " up"), true);
            } else {
                var shown = run(List.of("ip", "-4", "-o", "addr", "show", "dev", b.device()));
                if (!shown.stdout().contains(" " + gwCidr + " ")) {
                    run(List.of("ip", "addr", "add", gwCidr, "dev", b.device()));
                }
                run(List.of("ip", "link", "set", b.device(), "up"));
            }
            if (b.gateway6() != null) {
                String gw6 = b.gateway6() + "/" + b.prefixLen6();
                if (!run(List.of("ip", "-6", "-o", "addr", "show", "dev", b.device())).stdout().contains(" " + gw6 + " ")) {
                    run(List.of("ip", "addr", "add", gw6, "dev", b.device(), "nodad"));
                }
                writeSysctl("/proc/sys/net/ipv6/conf/all/forwarding", "1");
            }
            writeSysctl("/proc/sys/net/ipv4/conf/" + b.device() + "/route_localnet", "1");
            for (List<String> rule : bridgeRules(b)) {
                String table = rule.get(0);
                String chain = rule.get(1);
                boolean insert = rule.get(2).equals("I");
                ensureRule(table, chain, insert, rule.subList(3, rule.size()).toArray(String[]::new));
            }
            readyBridges.add(b.device());
        }
    }

    /** Takes down this instance's bridges of removed networks that still hold {@code b}'s subnet ({@link StaleBridges}). */
    private void removeStaleBridges(Bridge b) {
        if (b.subnet() == null || !b.subnet().contains("/")) {
            return;
        }
        String shown = run(List.of("ip", "-4", "-o", "addr", "show", "type", "bridge")).stdout();
        for (StaleBridges.Stale stale : StaleBridges.overlapping(shown, config.prefix() + "-", b.device(), b.subnet())) {
            try {
                if (!bridgePorts(stale.device()).orElse(List.of()).isEmpty()) {
                    continue; // something still hangs on it: not berth's leftover to take
                }
            } catch (IllegalStateException e) {
                continue;
            }
            for (boolean internal : new boolean[] {false, true}) { // its rules are either kind's
                removeBridge(new Bridge(stale.device(), stale.subnet(), stale.gateway(), stale.prefixLen(), internal));
            }
            LOG.info("removed bridge " + stale.device() + " of a removed network: " + b.device() + " takes "
                    + stale.subnet() + " again");
        }
    }

    /** Rules of one bridge, as (table, chain, A|I, spec...). */
    List<List<String>> bridgeRules(Bridge b) {
        String br = b.device();
        List<List<String>> rules = new ArrayList<>();
        rules.add(List.of("filter", config.chain("ISO1"), "I", "-i", br, "!", "-o", br, "-j", config.chain("ISO2")));
        rules.add(List.of("filter", config.chain("ISO2"), "I", "-o", br, "-j", "DROP"));
        if (b.internal()) {
            rules.add(List.of("filter", config.chain("FWD"), "A", "-i", br, "!", "-o", br, "-j", "DROP"));
            rules.add(List.of("filter", config.chain("FWD"), "A", "-o", br, "!", "-i", br, "-j", "DROP"));
        } else {
            rules.add(List.of("nat", config.chain("POST"), "A", "-s", b.subnet(), "!", "-o", br, "-j", "MASQUERADE"));
        }
        rules.add(List.of("filter", config.chain("FWD"), "A", "-i", br, "-j", "ACCEPT"));
        rules.add(List.of("filter", config.chain("FWD"), "A", "-o", br, "-j", "ACCEPT"));
        rules.add(List.of("nat", config.chain("POST"), "A", "-o", br, "-m", "addrtype", "--src-type", "LOCAL",
                "-j", "MASQUERADE"));
        rules.add(List.of("nat", config.chain("POST"), "A", "-o", br, "-s", b.subnet(), "-m", "conntrack",
                "--ctstate", "DNAT", "-j", "MASQUERADE"));
        return rules;
    }

    /** Removes a bridge and its rules (network removed). */
    public synchronized void removeBridge(Bridge b) {
        for (List<String> rule : bridgeRules(b)) {
            List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", rule.get(0), "-D", rule.get(1)));
            argv.addAll(rule.subList(3, rule.size()));
            while (run(argv).ok()) {
                // delete every copy
            }
        }
        String vxlan = vxlanDevice(b.device());
        if (deviceExists(vxlan)) {
            run(List.of("ip", "link", "del", vxlan));
        }
        if (deviceExists(b.device())) {
            run(List.of("ip", "link", "del", b.device()));
        }
        readyBridges.remove(b.device());
    }

    // ------------------------------------------------------------------ containers

    /** Whether the pinned namespace {@code /run/netns/<ns>} exists. */
    public boolean netnsExists(String ns) {
        return kernel.exists(Path.of("/run/netns", ns));
    }

    /** A pinned namespace for the container (or nothing if it exists). */
    public void addNetns(String ns) {
        if (!netnsExists(ns)) {
            ip(List.of("netns add " + ns), true);
        }
    }

    public void deleteNetns(String ns) {
        if (netnsExists(ns)) {
            run(List.of("ip", "netns", "del", ns));
        }
    }

    /**
     * veth pair from the bridge into the namespace, address, MAC, routes: two iproute2 executions. {@code ip6}: the
     * IPv6 address on a network that gives them, else null. {@code linkLocal}: IPAMConfig.LinkLocalIPs, added as
     * libnetwork does (/16 for IPv4, /64 for IPv6).
     */
    public void attach(String ns, String hostVeth, String iface, Bridge b, String ip, String ip6, String mac,
            boolean defaultRoute, List<String> linkLocal) {
        List<String> host = List.of(
                "link add " + hostVeth + " type veth peer name " + iface + " netns " + ns,
                "link set " + hostVeth + " master " + b.device(),
                "link set dev " + hostVeth + " type bridge_slave hairpin on",
                "link set " + hostVeth + " up");
        var result = ipResult(null, host);
        if (!result.ok() && result.stderr().contains("File exists")) {
            run(List.of("ip", "link", "del", hostVeth)); // a veth of an earlier run not yet gone
            result = ipResult(null, host);
        }
        if (!result.ok()) {
            throw new IllegalStateException("cannot attach to " + b.device() + ": " + result.stderr().strip());
        }
        List<String> inside = new ArrayList<>(List.of(
                "link set " + iface + " address " + mac,
                "addr add " + ip + "/" + b.prefixLen() + " dev " + iface,
                "link set " + iface + " up",
                "link set lo up"));
        if (ip6 != null && b.gateway6() != null) {
            inside.add("addr add " + ip6 + "/" + b.prefixLen6() + " dev " + iface + " nodad");
        }
        for (String ll : linkLocal) {
            inside.add("addr add " + ll + (ll.contains(":") ? "/64" : "/16") + " dev " + iface);
        }
        if (defaultRoute) {
            inside.add("route add default via " + b.gateway() + " dev " + iface);
            if (ip6 != null && b.gateway6() != null) {
                inside.add("route add default via " + b.gateway6() + " dev " + iface);
            }
        }
        var r2 = ipResult(ns, inside);
        if (!r2.ok()) {
            throw new IllegalStateException("cannot configure " + iface + ": " + r2.stderr().strip());
        }
    }

    public void detach(String hostVeth) {
        if (deviceExists(hostVeth)) {
            run(List.of("ip", "link", "del", hostVeth));
        }
    }

    public void addDnat(PortMapping p, String containerIp) {
        run(dnat("-A", p, containerIp));
    }

    public void ensureDnat(PortMapping p, String containerIp) {
        if (!run(dnat("-C", p, containerIp)).ok()) {
            run(dnat("-A", p, containerIp));
        }
    }

    public void removeDnat(PortMapping p, String containerIp) {
        run(dnat("-D", p, containerIp));
    }

    private List<String> dnat(String op, PortMapping p, String containerIp) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", "nat", op, config.chain("DNAT")));
        if (p.hostIp() != null && !p.hostIp().isEmpty() && !p.hostIp().equals("0.0.0.0")) {
            argv.addAll(List.of("-d", p.hostIp() + "/32"));
        }
        argv.addAll(List.of("-p", p.proto(), "-m", p.proto(), "--dport", Integer.toString(p.hostPort()),
                "-j", "DNAT", "--to-destination", containerIp + ":" + p.containerPort()));
        return argv;
    }

    // ------------------------------------------------------------------ VXLAN (networks across nodes)

    /** The VXLAN device of a bridge: {@code <prefix>x} and hex digits of a digest of the bridge's name. */
    public String vxlanDevice(String bridge) {
        return config.deviceName("x", bridge);
    }

    /** VXLAN's UDP port (IANA's, as Docker's overlay). */
    static final int VXLAN_PORT = 4789;

    /**
     * The network's VXLAN device, a port of its bridge: {@code local} is this node's address; nothing is learnt or
     * flooded ({@code nolearning}), ARP requests are answered from the device's neighbour table ({@code proxy}), so
     * the gateway address each node's bridge holds never answers for another node. MTU 1500: the LAN under it carries
     * 1550 (berth's own LAN does; see the README for machines).
     */
    public void ensureVxlan(Bridge b, String device, int vni, String local) {
        if (deviceExists(device)) {
            return;
        }
        synchronized (this) {
            if (deviceExists(device)) {
                return;
            }
            remember(device);
            ip(List.of("link add " + device + " type vxlan id " + vni + " local " + local + " dstport " + VXLAN_PORT
                            + " nolearning proxy",
                    "link set " + device + " mtu 1500",
                    "link set " + device + " master " + b.device(),
                    "link set " + device + " up"), true);
        }
    }

    /** A container on another node: its MAC is reached at {@code underlay}, its address answers ARP with that MAC. */
    public void addPeer(String device, String ip, String mac, String underlay) {
        var fdb = run(List.of("bridge", "fdb", "replace", mac, "dev", device, "dst", underlay, "self", "permanent"));
        if (!fdb.ok()) {
            throw new IllegalStateException("bridge fdb replace " + mac + ": " + fdb.stderr().strip());
        }
        var neigh = run(List.of("ip", "neigh", "replace", ip, "lladdr", mac, "dev", device, "nud", "permanent"));
        if (!neigh.ok()) {
            throw new IllegalStateException("ip neigh replace " + ip + ": " + neigh.stderr().strip());
        }
    }

    public void removePeer(String device, String ip, String mac) {
        run(List.of("bridge", "fdb", "del", mac, "dev", device, "self"));
        run(List.of("ip", "neigh", "del", ip, "dev", device));
    }

    // ------------------------------------------------------------------ devices

    /**
     * Whether a network device exists in this node's network namespace. {@code /proc/net/dev} is the reading
     * process's namespace; {@code /sys/class/net} would be that of whoever mounted {@code /sys}, the host's, which
     * is not the namespace of a node that runs in one of its own ({@code BERTH_NODES}).
     */
    public boolean deviceExists(String device) {
        try {
            return NetDevices.names(kernel.read(Path.of("/proc/net/dev")).orElse("")).contains(device);
        } catch (IOException e) {
            return false;
        }
    }

    /** The devices enslaved to a bridge of this namespace, or empty when there is no such device. */
    public java.util.Optional<List<String>> bridgePorts(String bridge) {
        if (!deviceExists(bridge)) {
            return java.util.Optional.empty();
        }
        var shown = runner.run(Command.of(List.of("ip", "-o", "link", "show", "master", bridge)));
        if (!shown.ok()) {
            throw new IllegalStateException("ip link show master " + bridge + ": " + shown.stderr().strip());
        }
        return java.util.Optional.of(NetDevices.linkNames(shown.stdout()));
    }

    // ------------------------------------------------------------------ helpers

    private void newChain(String table, String chain) {
        if (!run(List.of("iptables", "-w", "-t", table, "-nL", chain)).ok()) {
            run(List.of("iptables", "-w", "-t", table, "-N", chain));
        }
    }

    private void ensureRule(String table, String chain, boolean insert, String... spec) {
        List<String> check = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-C", chain));
        check.addAll(List.of(spec));
        if (run(check).ok()) {
            return;
        }
        List<String> add = new ArrayList<>(List.of("iptables", "-w", "-t", table, insert ? "-I" : "-A", chain));
        if (insert) {
            add.add("1");
        }
        add.addAll(List.of(spec));
        var r = run(add);
        if (!r.ok()) {
            throw new IllegalStateException("iptables: " + String.join(" ", add) + ": " + r.stderr().strip());
        }
    }

    private void ip(List<String> batch, boolean mustSucceed) {
        var r = ipResult(null, batch);
        if (!r.ok() && mustSucceed) {
            throw new IllegalStateException("ip: " + r.stderr().strip());
        }
    }

    private ProcessRunner.Result ipResult(String ns, List<String> batch) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        if (ns != null) {
            argv.addAll(List.of("-n", ns));
        }
        argv.addAll(List.of("-batch", "-"));
        return runner.run(Command.of(argv).withStdin((String.join("\n", batch) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private ProcessRunner.Result run(List<String> argv) {
        var r = runner.run(Command.of(argv));
        if (!r.ok()) {
            LOG.fine(() -> String.join(" ", argv) + ": " + r.stderr().strip());
        }
        return r;
    }

    private void writeSysctl(String path, String value) {
        try {
            kernel.write(Path.of(path), value);
        } catch (IOException e) {
            LOG.warning("cannot set " + path + ": " + e.getMessage());
        }
    }
}
