package dev.berth.runtime.net;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's networking on this node, kept next to its bundle ({@code network.json}): the networks it asked for
 * (create, connect), and while it runs its endpoints (address per network) and published ports.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class NetState {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE = "network.json";

    /**
     * Network name → what the container asked for on it (Aliases, IPv4Address, IPv6Address, MacAddress); the primary
     * one first.
     */
    public Map<String, Requested> requested = new LinkedHashMap<>();
    public List<Attached> endpoints = new ArrayList<>();
    public List<PortMapping> ports = new ArrayList<>();
    /** The pinned namespace while running, or null. */
    public String netns;
    /** {@code --dns}: on user networks the network's DNS server forwards this container's other names there. */
    public List<String> dns = new ArrayList<>();
    /**
     * Network name → what inspect still shows of an endpoint once the container stopped: dockerd's release of the
     * network clears only the operational data (EndpointID, addresses, MAC) and keeps NetworkID and DNSNames.
     */
    public Map<String, Kept> kept = new LinkedHashMap<>();

    /**
     * What an endpoint config asked for; {@code linkLocalIps} (IPAMConfig.LinkLocalIPs), {@code driverOpts} and
     * {@code ipv6} (IPAMConfig.IPv6Address) are kept and shown as dockerd does (null in files written before them).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Requested(List<String> aliases, String ipv4, String mac, List<String> links,
            List<String> linkLocalIps, Map<String, String> driverOpts, String ipv6) {

        /** Nothing asked but a MAC address (or none). */
        public static Requested plain(String mac) {
            return new Requested(List.of(), null, mac, List.of(), List.of(), Map.of(), null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attached(String networkId, String networkName, String bridge, String subnet, String gateway,
            int prefixLen, String ip, String mac, List<String> aliases, String endpointId, boolean internal,
            String iface, String hostVeth, List<String> dnsNames, String ip6, String gateway6, int prefixLen6) {

        /** The bridge this endpoint hangs on, as {@link HostNetwork#ensureBridge} makes it. */
        public HostNetwork.Bridge bridgeDevice() {
            return new HostNetwork.Bridge(bridge, subnet, gateway, prefixLen, internal, ip6 == null ? null : gateway6,
                    prefixLen6);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Kept(String networkId, List<String> dnsNames) {
    }

    public static NetState read(Path bundle) {
        Path f = bundle.resolve(FILE);
        try {
            return Files.exists(f) ? JSON.readValue(f.toFile(), NetState.class) : new NetState();
        } catch (IOException e) {
            return new NetState();
        }
    }

    public void write(Path bundle) {
        try {
            Path tmp = bundle.resolve(FILE + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(this));
            Files.move(tmp, bundle.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Attached primary() {
        return endpoints.isEmpty() ? null : endpoints.get(0);
    }
}
