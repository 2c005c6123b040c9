package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * network-service's answer to {@code GET /internal/networks/{ref}} (the network's settings; the endpoint fields are
 * absent) and to {@link EndpointRequest} (the settings and the container's endpoint on it).
 */
@WireContract(doc = "design",
        value = "network-service → runtime-service, answer to `GET /internal/networks/{ref}`, `POST …/endpoints`")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkGrant(
        @JsonProperty("NetworkID") String networkId,
        @JsonProperty("NetworkName") String networkName,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("Subnet") String subnet,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Subnet6") String subnet6,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("Endpoint") Endpoint endpoint) {

    public NetworkGrant {
        options = options == null ? Map.of() : options;
        ipv6Gateway = ipv6Gateway == null ? "" : ipv6Gateway;
    }

    /** The container's place on the network. */
    public record Endpoint(
            @JsonProperty("EndpointID") String endpointId,
            @JsonProperty("IPAddress") String ipAddress,
            @JsonProperty("MacAddress") String macAddress,
            @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
            @JsonProperty("Aliases") List<String> aliases) {

        public Endpoint {
            globalIpv6Address = globalIpv6Address == null ? "" : globalIpv6Address;
            aliases = aliases == null ? List.of() : aliases;
        }
    }

    /** The same network without an endpoint. */
    public NetworkGrant settings() {
        return new NetworkGrant(networkId, networkName, driver, bridge, subnet, gateway, ipPrefixLen, internal,
                options, subnet6, ipv6Gateway, globalIpv6PrefixLen, null);
    }
}
