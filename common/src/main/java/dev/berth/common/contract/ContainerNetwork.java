package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * network-service → runtime-service, the answer to {@code GET /internal/endpoints/{container}}: a network the
 * container is attached to, with its aliases there. A container rescheduled from a lost node joins the same networks
 * with the same aliases (its lost node, which kept the rest, does not answer).
 */
@WireContract(doc = "design",
        value = "network-service → runtime-service `GET /internal/endpoints/{container}` (a list)")
public record ContainerNetwork(
        @JsonProperty("NetworkID") String networkId,
        @JsonProperty("NetworkName") String networkName,
        @JsonProperty("Aliases") List<String> aliases) {

    public ContainerNetwork {
        aliases = aliases == null ? List.of() : aliases;
    }
}
