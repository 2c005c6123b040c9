package dev.berth.network.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.network.domain.Endpoint;
import dev.berth.network.domain.Network;
import dev.berth.network.ipam.Cidr;
import dev.berth.network.ipam.Cidr6;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.service.NetworkService;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's Network object on the wire. */
public record NetworkView(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Driver") String driver,
        @JsonProperty("EnableIPv4") boolean enableIpv4,
        @JsonProperty("EnableIPv6") boolean enableIpv6,
        @JsonProperty("IPAM") Map<String, Object> ipam,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("Ingress") boolean ingress,
        @JsonProperty("ConfigFrom") Map<String, String> configFrom,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("Containers") Map<String, Object> containers,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    static NetworkView of(Network n, List<Endpoint> endpoints) {
        List<Object> config = List.of();
        if (n.subnet != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("Subnet", n.subnet);
            if (n.ipRange != null) {
                c.put("IPRange", n.ipRange);
            }
            c.put("Gateway", n.gateway);
            if (n.auxAddresses != null) {
                c.put("AuxiliaryAddresses", NetworkService.map(n.auxAddresses));
            }
            config = List.of(c);
        }
        if (n.subnet6 != null) {
            Map<String, Object> c6 = new LinkedHashMap<>();
            c6.put("Subnet", n.subnet6);
            if (n.ipRange6 != null) {
                c6.put("IPRange", n.ipRange6);
            }
            if (n.gateway6 != null) {
                c6.put("Gateway", n.gateway6); // dockerd shows only a gateway that was given
            }
            config = new java.util.ArrayList<>(config);
            config.add(c6);
        }
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", "default");
        ipam.put("Options", null); // dockerd shows null when none were given (berth keeps no IPAM options yet)
        ipam.put("Config", config);
        Map<String, Object> containers = new LinkedHashMap<>();
        if (endpoints != null) {
            int prefix = n.subnet == null ? 32 : Cidr.parse(n.subnet).length();
            int prefix6 = n.subnet6 == null ? 128 : Cidr6.parse(n.subnet6).length();
            for (Endpoint e : endpoints) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("Name", e.containerName());
                c.put("EndpointID", endpointId(n.id, e.containerId()));
                c.put("MacAddress", e.mac());
                c.put("IPv4Address", Ipv4.format(e.address()) + "/" + prefix);
                c.put("IPv6Address", e.address6() == null ? "" : e.address6() + "/" + prefix6);
                containers.put(e.containerId(), c);
            }
        }
        return new NetworkView(n.name, n.id, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(n.createdAt), n.scope,
                n.driver, true, n.enableIpv6, ipam, n.internal, n.attachable, false, Map.of("Network", ""), false,
                containers, NetworkService.map(n.options), NetworkService.map(n.labels));
    }

    /** A stable endpoint id per (network, container). */
    static String endpointId(String networkId, String containerId) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(digest.digest((networkId + "/" + containerId).getBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
