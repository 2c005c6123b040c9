package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IPv6 on user networks as dockerd 20.10 does it (docker-py test_create_network_ipv6_enabled,
 * test_create_with_ipv6_address, test_connect_with_ipv6_address): an IPv6 pool next to the IPv4 one, kept as given;
 * with EnableIPv6 containers get an address from it (gateway the first address, containers from the second, or the
 * one asked for), configured on their interface, shown in container and network inspect; without EnableIPv6 the
 * pool is kept but gives nothing.
 */
class NetworkIpv6Test {
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String net = "e2e-v6-" + tag;
    /**
     * A unique-local /64 per run: fdXX:XXXX::/64, the second group from 1000 to ffff so that it has no leading zero
     * to drop (addresses come back in RFC 5952's canonical form: {@code fd6f:011a::2} is {@code fd6f:11a::2}).
     */
    private final String prefix = String.format("fd%02x:%04x:", ThreadLocalRandom.current().nextInt(256),
            0x1000 + ThreadLocalRandom.current().nextInt(0xf000));

    @AfterEach
    void remove() {
        docker("rm", "-f", net + "-a", net + "-b");
        docker("network", "rm", net);
    }

    @Test
    void anIpv6NetworkGivesAddressesThatWork() throws Exception {
        docker("network", "create", "--ipv6", "--subnet", prefix + ":/64", net).ok();
        JsonNode n = RawDocker.call("GET", "/networks/" + net, null).json();
        assertTrue(n.path("EnableIPv6").asBoolean(), n.toString());
        JsonNode config = n.path("IPAM").path("Config");
        assertEquals(2, config.size(), config.toString());
        assertTrue(config.get(0).path("Subnet").asText().matches("[0-9.]+/\\d+"), config.toString());
        assertEquals(prefix + ":/64", config.get(1).path("Subnet").asText(), config.toString());
        assertTrue(config.get(1).path("Gateway").isMissingNode(), "a gateway not given is not shown: " + config);

        docker("run", "-d", "--name", net + "-a", "--network", net, "busybox", "sleep", "600").ok();
        JsonNode a = endpoint(net + "-a");
        assertEquals(prefix + ":2", a.path("GlobalIPv6Address").asText(), a.toString());
        assertEquals(prefix + ":1", a.path("IPv6Gateway").asText(), a.toString());
        assertEquals(64, a.path("GlobalIPv6PrefixLen").asInt(), a.toString());
        assertTrue(a.path("IPAMConfig").isNull(), a.toString());

        docker("run", "-d", "--name", net + "-b", "--network", net, "--ip6", prefix + ":f00d", "busybox", "sleep",
                "600").ok();
        JsonNode b = endpoint(net + "-b");
        assertEquals(prefix + ":f00d", b.path("IPAMConfig").path("IPv6Address").asText(), b.toString());
        assertEquals(prefix + ":f00d", b.path("GlobalIPv6Address").asText(), b.toString());

        String addrs = docker("exec", net + "-b", "ip", "-6", "addr", "show", "eth0").ok().out();
        assertTrue(addrs.contains("inet6 " + prefix + ":f00d/64"), addrs);
        String routes = docker("exec", net + "-b", "ip", "-6", "route").ok().out();
        assertTrue(routes.contains("default via " + prefix + ":1"), routes);
        // the two containers reach each other, and the bridge (the gateway), over IPv6
        docker("exec", net + "-b", "ping", "-6", "-c", "1", "-W", "5", prefix + ":2").ok();
        docker("exec", net + "-a", "ping", "-6", "-c", "1", "-W", "5", prefix + ":1").ok();

        JsonNode containers = RawDocker.call("GET", "/networks/" + net, null).json().path("Containers");
        String shown = containers.toString();
        assertTrue(shown.contains("\"IPv6Address\":\"" + prefix + ":f00d/64\""), shown);
        assertTrue(shown.contains("\"IPv6Address\":\"" + prefix + ":2/64\""), shown);

        DockerCli.Result taken = docker("run", "--rm", "--network", net, "--ip6", prefix + ":f00d", "busybox", "true");
        assertFalse(taken.exit() == 0, taken.out());
        assertTrue(taken.err().contains("Address already in use"), taken.err());
    }

    @Test
    void aRangeAndGatewayAreKeptAndConnectTakesAnAddress() throws Exception {
        RawDocker.Response created = RawDocker.call("POST", "/networks/create", RawDocker.JSON.writeValueAsString(
                Map.of("Name", net, "EnableIPv6", true, "IPAM", Map.of("Driver", "default", "Config", new Object[] {
                        Map.of("Subnet", prefix + ":/64", "IPRange", prefix + ":0/96", "Gateway", prefix + ":ffff")}))));
        assertEquals(201, created.status(), created.text());
        JsonNode v6 = RawDocker.call("GET", "/networks/" + net, null).json().path("IPAM").path("Config").get(1);
        assertEquals(prefix + ":0/96", v6.path("IPRange").asText(), v6.toString());
        assertEquals(prefix + ":ffff", v6.path("Gateway").asText(), v6.toString());

        docker("run", "-d", "--name", net + "-a", "--network", net, "busybox", "sleep", "600").ok();
        // the range starts at the subnet's own address, which is never given: the first container gets ::1
        assertEquals(prefix + ":1", endpoint(net + "-a").path("GlobalIPv6Address").asText());
        assertEquals(prefix + ":ffff", endpoint(net + "-a").path("IPv6Gateway").asText());

        docker("network", "disconnect", net, net + "-a").ok();
        docker("network", "connect", "--ip6", prefix + ":f00d", net, net + "-a").ok();
        JsonNode a = endpoint(net + "-a");
        assertEquals(prefix + ":f00d", a.path("IPAMConfig").path("IPv6Address").asText(), a.toString());
        assertEquals(prefix + ":f00d", a.path("GlobalIPv6Address").asText(), a.toString());
        String addrs = docker("exec", net + "-a", "ip", "-6", "addr", "show").ok().out();
        assertTrue(addrs.contains("inet6 " + prefix + ":f00d/64"), addrs);
    }

    @Test
    void withoutEnableIpv6ThePoolIsKeptButGivesNoAddresses() throws Exception {
        docker("network", "create", "--subnet", prefix + ":/64", net).ok();
        JsonNode n = RawDocker.call("GET", "/networks/" + net, null).json();
        assertFalse(n.path("EnableIPv6").asBoolean(), n.toString());
        assertEquals(prefix + ":/64", n.path("IPAM").path("Config").get(1).path("Subnet").asText(), n.toString());

        docker("run", "-d", "--name", net + "-a", "--network", net, "--ip6", prefix + ":f00d", "busybox", "sleep",
                "600").ok();
        JsonNode a = endpoint(net + "-a");
        assertEquals(prefix + ":f00d", a.path("IPAMConfig").path("IPv6Address").asText(), a.toString());
        assertEquals("", a.path("GlobalIPv6Address").asText(), a.toString());
        assertEquals("", a.path("IPv6Gateway").asText(), a.toString());
        assertTrue(a.path("IPAddress").asText().matches("[0-9.]+"), a.toString());
    }

    @Test
    void enableIpv6WithoutAPoolAndTwoIpv6PoolsAreRefused() throws Exception {
        RawDocker.Response noPool = RawDocker.call("POST", "/networks/create",
                RawDocker.JSON.writeValueAsString(Map.of("Name", net, "EnableIPv6", true)));
        assertEquals(404, noPool.status(), noPool.text());
        assertEquals("could not find an available, non-overlapping IPv6 address pool among the defaults to assign"
                + " to the network", noPool.json().path("message").asText(), noPool.text());
        RawDocker.Response two = RawDocker.call("POST", "/networks/create", RawDocker.JSON.writeValueAsString(
                Map.of("Name", net, "EnableIPv6", true, "IPAM", Map.of("Config", new Object[] {
                        Map.of("Subnet", prefix + "1::/80"), Map.of("Subnet", prefix + "2::/80")}))));
        assertEquals(403, two.status(), two.text());
        assertEquals("bridge driver doesn't support multiple subnets", two.json().path("message").asText());
        assertEquals(404, RawDocker.call("GET", "/networks/" + net, null).status());
    }

    private JsonNode endpoint(String container) throws Exception {
        return RawDocker.call("GET", "/containers/" + container + "/json", null).json()
                .path("NetworkSettings").path("Networks").path(net);
    }
}
