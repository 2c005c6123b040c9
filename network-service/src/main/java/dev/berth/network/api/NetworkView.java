package dev.berth.network.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.network.domain.Network;
import java.time.format.DateTimeFormatter;
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
        @JsonProperty("Containers") Map<String, Object> containers,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    static NetworkView of(Network n) {
        Map<String, Object> ipam = Map.of("Driver", "default", "Options", Map.of(), "Config", List.of());
        return new NetworkView(n.name, n.id, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(n.createdAt), n.scope,
                n.driver, true, false, ipam, n.internal, n.attachable, false, Map.of(), Map.of(), Map.of());
    }
}
