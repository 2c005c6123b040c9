package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stopped container's {@code NetworkSettings.Networks.<name>} as dockerd keeps it (moby releaseNetwork and
 * cleanOperationalData): NetworkID stays (docker-java reads it), EndpointID and the addresses go.
 */
class StoppedEndpointSettingsTest {
    private final String name = "e2e-rs-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void remove() {
        docker("rm", "-f", name);
    }

    @Test
    void aStoppedContainerKeepsItsNetworkIdButNotItsAddress() throws Exception {
        docker("run", "-d", "--name", name, "busybox", "sleep", "1000").ok();
        JsonNode running = endpoint();
        String networkId = running.path("NetworkID").asText();
        assertFalse(networkId.isEmpty(), running.toString());
        assertFalse(running.path("EndpointID").asText().isEmpty(), running.toString());
        docker("stop", "-t", "0", name).ok();
        JsonNode stopped = endpoint();
        assertEquals(networkId, stopped.path("NetworkID").asText(), stopped.toString());
        // dockerd's cleanOperationalData: the endpoint and its addresses go
        assertEquals("", stopped.path("EndpointID").asText(), stopped.toString());
        assertEquals("", stopped.path("IPAddress").asText(), stopped.toString());
        assertEquals("", stopped.path("Gateway").asText(), stopped.toString());
        assertEquals(0, stopped.path("IPPrefixLen").asInt(), stopped.toString());
    }

    private JsonNode endpoint() throws Exception {
        RawDocker.Response r = RawDocker.call("GET", "/containers/" + name + "/json", null);
        assertEquals(200, r.status(), r.text());
        return r.json().path("NetworkSettings").path("Networks").path("bridge");
    }
}
