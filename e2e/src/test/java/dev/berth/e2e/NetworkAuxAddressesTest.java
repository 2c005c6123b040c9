package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * IPAM auxiliary addresses (docker-py's test_create_network_with_ipam_config): given at network create, shown by
 * network inspect, never handed to a container; one outside the subnet is refused as dockerd refuses it.
 */
class NetworkAuxAddressesTest {

    @Test
    void auxiliaryAddressesAreShownAndKeptFromContainers() throws Exception {
        String net = "e2e-aux-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "10.213." + ThreadLocalRandom.current().nextInt(256) + ".";
        String box = net + "-box";
        try {
            // a /29: .1 is the gateway, .2 and .3 are auxiliary, so the first container address is .4
            RawDocker.Response created = RawDocker.call("POST", "/networks/create", RawDocker.JSON.writeValueAsString(
                    Map.of("Name", net, "IPAM", Map.of("Driver", "default", "Config", new Object[] {Map.of(
                            "Subnet", prefix + "0/29", "Gateway", prefix + "1",
                            "AuxiliaryAddresses", Map.of("host1", prefix + "2", "host2", prefix + "3"))}))));
            assertEquals(201, created.status(), created.text());

            JsonNode config = RawDocker.call("GET", "/networks/" + net, null).json().path("IPAM").path("Config");
            assertEquals(1, config.size(), config.toString());
            assertEquals(prefix + "2", config.get(0).path("AuxiliaryAddresses").path("host1").asText(), config.toString());
            assertEquals(prefix + "3", config.get(0).path("AuxiliaryAddresses").path("host2").asText(), config.toString());
            assertEquals(prefix + "0/29", config.get(0).path("Subnet").asText(), config.toString());

            docker("run", "-d", "--name", box, "--network", net, "busybox", "sleep", "60").ok();
            String ip = docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", box)
                    .ok().trimmed();
            assertEquals(prefix + "4", ip);

            DockerCli.Result taken = docker("run", "--rm", "--network", net, "--ip", prefix + "2", "busybox", "true");
            assertNotEquals(0, taken.exit(), taken.out());
            assertTrue(taken.err().contains("Address already in use"), taken.err());
        } finally {
            docker("rm", "-f", box);
            docker("network", "rm", net);
        }
    }

    @Test
    void anAuxiliaryAddressOutsideTheSubnetIsRefused() throws Exception {
        String net = "e2e-aux-bad-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "10.214." + ThreadLocalRandom.current().nextInt(256) + ".";
        try {
            RawDocker.Response r = RawDocker.call("POST", "/networks/create", RawDocker.JSON.writeValueAsString(
                    Map.of("Name", net, "IPAM", Map.of("Config", new Object[] {Map.of("Subnet", prefix + "0/24",
                            "AuxiliaryAddresses", Map.of("router", "192.0.2.9"))}))));
            assertEquals(400, r.status(), r.text());
            assertEquals("invalid network config:\ninvalid auxiliary address router: parent subnet " + prefix
                    + "0/24 doesn't contain this address", r.json().path("message").asText(), r.text());
            assertEquals(404, RawDocker.call("GET", "/networks/" + net, null).status());
        } finally {
            docker("network", "rm", net);
        }
    }
}
