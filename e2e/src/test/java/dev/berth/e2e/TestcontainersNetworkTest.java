package dev.berth.e2e;

import static dev.berth.e2e.TestcontainersGenericTest.BUSYBOX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;

/**
 * {@code Network.newNetwork()} with aliases: one container reaches another by its alias on a network Testcontainers
 * created (and removes at close); a container off that network cannot resolve the alias.
 */
class TestcontainersNetworkTest {
    @Test
    void containerReachesAnotherByAlias() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String networkId;
        try (Network network = Network.newNetwork();
                GenericContainer<?> web = new GenericContainer<>(BUSYBOX)
                        .withNetwork(network).withNetworkAliases("web", "www-" + tag)
                        .withCopyToContainer(Transferable.of("by-alias " + tag + "\n"), "/www/index.html")
                        .withCommand("httpd", "-f", "-p", "80", "-h", "/www");
                GenericContainer<?> client = new GenericContainer<>(BUSYBOX)
                        .withNetwork(network).withCommand("sleep", "1000");
                GenericContainer<?> stranger = new GenericContainer<>(BUSYBOX).withCommand("sleep", "1000")) {
            web.start();
            client.start();
            stranger.start();
            networkId = network.getId();
            assertTrue(DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(networkId).exec()
                    .getContainers().containsKey(web.getContainerId()), "web is on the new network");

            // (no wget -T: Debian's static busybox 1.35 wget crashes with it)
            for (String alias : new String[] {"web", "www-" + tag}) {
                ExecResult get = client.execInContainer("sh", "-c",
                        "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://" + alias
                                + "/index.html && exit 0; sleep 0.3; done; exit 1");
                assertEquals(0, get.getExitCode(), get.getStderr());
                assertEquals("by-alias " + tag + "\n", get.getStdout());
            }
            ExecResult lookup = stranger.execInContainer("sh", "-c", "wget -q -O - http://www-" + tag + "/");
            assertNotEquals(0, lookup.getExitCode(), "off the network the alias means nothing: " + lookup);
        }
        assertTrue(DockerClientFactory.instance().client().listNetworksCmd().withIdFilter(networkId).exec().isEmpty(),
                "Network.close() removed the network");
    }
}
