package dev.berth.runtime.spec;

import java.util.List;
import java.util.Map;

/**
 * One of NetworkingConfig.EndpointsConfig (or a network connect's EndpointConfig), moby's EndpointSettings as a
 * client sets it: "" for an address it does not ask for.
 */
public record EndpointSpec(List<String> aliases, String ipv4Address, String ipv6Address, List<String> linkLocalIps,
        String macAddress, List<String> links, Map<String, String> driverOpts) {
}
