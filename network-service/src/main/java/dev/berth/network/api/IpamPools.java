package dev.berth.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;

/**
 * The IPAM.Config entries of a network create, told apart by family: the bridge driver takes one IPv4 and one IPv6
 * pool at most (dockerd: "bridge driver doesn't support multiple subnets").
 */
record IpamPools(JsonNode ipv4, JsonNode ipv6) {

    static IpamPools of(JsonNode config) {
        JsonNode v4 = null;
        JsonNode v6 = null;
        if (config != null && config.isArray()) {
            for (JsonNode pool : config) {
                boolean six = pool.path("Subnet").asText("").contains(":");
                if (six ? v6 != null : v4 != null) {
                    throw new BerthException(ErrorKind.FORBIDDEN, "bridge driver doesn't support multiple subnets");
                }
                if (six) {
                    v6 = pool;
                } else {
                    v4 = pool;
                }
            }
        }
        return new IpamPools(v4, v6);
    }
}
