package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A create request's NetworkingConfig, or a network connect's EndpointConfig → {@link EndpointSpec}s, strictly as
 * {@link ContainerSpecParser} reads the rest of the request (Go's wording for a field of the wrong JSON type).
 */
public final class EndpointSpecParser {
    private EndpointSpecParser() {
    }

    /**
     * A create request's NetworkingConfig.EndpointsConfig by network name or id, in the request's order; a null
     * endpoint stays null.
     */
    public static Map<String, EndpointSpec> request(JsonNode request) {
        Map<String, EndpointSpec> out = new LinkedHashMap<>();
        WireObject.of(request, "CreateRequest", "").object("NetworkingConfig", "network.NetworkingConfig")
                .objectMap("EndpointsConfig", "map[string]*network.EndpointSettings", "network.EndpointSettings")
                .forEach((name, ep) -> out.put(name, ep == null ? null : endpoint(ep)));
        return out;
    }

    /** A network connect's EndpointConfig; null when there is none. */
    public static EndpointSpec endpointConfig(JsonNode endpointConfig) {
        if (endpointConfig == null || endpointConfig.isNull() || endpointConfig.isMissingNode()) {
            return null;
        }
        return endpoint(WireObject.of(endpointConfig, "EndpointSettings", "EndpointConfig"));
    }

    static EndpointSpec endpoint(WireObject ep) {
        WireObject ipam = ep.object("IPAMConfig", "network.EndpointIPAMConfig");
        return new EndpointSpec(ep.strings("Aliases"), ipam.string("IPv4Address", "netip.Addr"),
                ipam.string("IPv6Address", "netip.Addr"), ipam.strings("LinkLocalIPs"),
                ep.string("MacAddress", "network.HardwareAddr"), ep.strings("Links"), ep.stringMap("DriverOpts"));
    }
}
