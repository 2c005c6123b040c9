package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint config's DriverOpts and IPAMConfig.LinkLocalIPs given at create are kept in the container's
 * EndpointSettings as dockerd keeps them (docker-py test_create_with_driveropt, test_create_with_linklocal_ips).
 */
class EndpointConfigKeptTest {
    private final String name = "e2e-epc-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void remove() {
        docker("rm", "-f", name);
    }

    @Test
    void driverOptsAndLinkLocalIpsAreShownBeforeAndAfterStart() throws Exception {
        RawDocker.Response created = RawDocker.call("POST", "/containers/create?name=" + name,
                "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"HostConfig\":{\"NetworkMode\":\"bridge\"},"
                        + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"bridge\":{"
                        + "\"IPAMConfig\":{\"LinkLocalIPs\":[\"169.254.8.8\"]},"
                        + "\"DriverOpts\":{\"com.docker-py.setting\":\"on\"}}}}}");
        assertEquals(201, created.status(), created.text());
        check(endpoint());
        docker("start", name).ok();
        check(endpoint());
        // libnetwork adds each link-local address to the interface, /16 for IPv4
        String addrs = docker("exec", name, "ip", "-4", "addr", "show", "eth0").ok().out();
        assertEquals(true, addrs.contains("inet 169.254.8.8/16"), addrs);
    }

    @Test
    void aLinkLocalIpThatIsNoAddressIsRefused() throws Exception {
        RawDocker.Response created = RawDocker.call("POST", "/containers/create?name=" + name,
                "{\"Image\":\"busybox\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"bridge\":{"
                        + "\"IPAMConfig\":{\"LinkLocalIPs\":[\"not-an-ip\"]}}}}}");
        assertEquals(400, created.status(), created.text());
        assertTrue(created.json().path("message").asText().contains("invalid link-local IP address: not-an-ip"),
                created.text());
    }

    @Test
    void withoutThemBothAreNull() throws Exception {
        docker("create", "--name", name, "busybox", "true").ok();
        JsonNode ep = endpoint();
        assertEquals(true, ep.path("IPAMConfig").isNull(), ep.toString());
        assertEquals(true, ep.path("DriverOpts").isNull(), ep.toString());
    }

    private static void check(JsonNode ep) {
        assertEquals("on", ep.path("DriverOpts").path("com.docker-py.setting").asText(), ep.toString());
        assertEquals("[\"169.254.8.8\"]", ep.path("IPAMConfig").path("LinkLocalIPs").toString(), ep.toString());
    }

    private JsonNode endpoint() throws Exception {
        RawDocker.Response r = RawDocker.call("GET", "/containers/" + name + "/json", null);
        assertEquals(200, r.status(), r.text());
        return r.json().path("NetworkSettings").path("Networks").path("bridge");
    }
}
