package dev.berth.runtime.net;

import dev.berth.runtime.spec.EndpointSpec;
import java.nio.file.Path;
import java.util.Map;

/** What docker create asks of networking: the network mode's name, and the networks asked for, kept in the bundle. */
public interface NetworkRequests {

    /** The network a mode names (network-service resolves ids and names; an unknown one stays as given). */
    String resolveMode(String mode);

    /**
     * Records the networks a new container asked for (primary first); nothing is reserved until it starts.
     * {@code endpoints}: NetworkingConfig.EndpointsConfig; {@code legacyMac}: Config.MacAddress ("" without one).
     */
    void recordCreate(Path bundle, String mode, Map<String, EndpointSpec> endpoints, String legacyMac);
}
