package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Links on a user network (EndpointSettings.Links, "container:alias"; docker-py test_create_with_links,
 * test_connect_with_links): the alias is a name the linking container, and only it, resolves through the network's
 * DNS server to the linked container's address there, even when the linked container starts after it.
 */
class NetworkLinkAliasesTest {
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String net = "e2e-nla-" + tag;
    private final String client = net + "-client";
    private final String upstream = net + "-upstream";
    private final String other = net + "-other";

    @AfterEach
    void remove() {
        docker("rm", "-f", client, upstream, other);
        docker("network", "rm", net);
    }

    @Test
    void aLinkGivenAtCreateIsAnAliasOnlyTheLinkingContainerResolves() throws Exception {
        docker("network", "create", net).ok();
        RawDocker.Response created = RawDocker.call("POST", "/containers/create?name=" + client,
                "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"600\"],\"HostConfig\":{\"NetworkMode\":\"" + net + "\"},"
                        + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"" + net + "\":{\"Links\":[\"" + upstream
                        + ":bar\"]}}}}");
        assertEquals(201, created.status(), created.text());
        docker("start", client).ok();
        assertEquals("[\"" + upstream + ":bar\"]", docker("inspect", "-f",
                "{{json (index .NetworkSettings.Networks \"" + net + "\").Links}}", client).ok().trimmed());

        docker("run", "-d", "--name", upstream, "--network", net, "busybox", "sleep", "600").ok();
        String upstreamIp = ip(upstream);
        String answer = docker("exec", client, "nslookup", "bar").ok().out();
        assertTrue(answer.contains(upstreamIp), answer);

        docker("run", "-d", "--name", other, "--network", net, "busybox", "sleep", "600").ok();
        DockerCli.Result elsewhere = docker("exec", other, "nslookup", "bar");
        assertNotEquals(0, elsewhere.exit(), "another container on the network does not resolve the alias: "
                + elsewhere.out());
    }

    @Test
    void aLinkGivenAtConnectIsAnAlias() throws Exception {
        docker("network", "create", net).ok();
        docker("run", "-d", "--name", client, "--network", net, "busybox", "sleep", "600").ok();
        docker("network", "disconnect", net, client).ok();
        docker("network", "connect", "--link", upstream + ":bar", net, client).ok();
        assertEquals("[\"" + upstream + ":bar\"]", docker("inspect", "-f",
                "{{json (index .NetworkSettings.Networks \"" + net + "\").Links}}", client).ok().trimmed());
        docker("run", "-d", "--name", upstream, "--network", net, "busybox", "sleep", "600").ok();
        String answer = docker("exec", client, "nslookup", "bar").ok().out();
        assertTrue(answer.contains(ip(upstream)), answer);
    }

    private String ip(String container) {
        return docker("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + net + "\").IPAddress}}", container)
                .ok().trimmed();
    }
}
