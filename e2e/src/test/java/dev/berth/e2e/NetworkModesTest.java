package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `--network host`, `--network container:<name>`, and a user network made with the options of `network create`
 * (--subnet, --gateway, --ip-range, the bridge's device name) with `--ip` on run and on a live connect.
 */
class NetworkModesTest {

    @Test
    void hostNetworkReachesTheHostsLoopback() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                    return "accept failed: " + e;
                }
            });
            docker("run", "--rm", "--network", "host", "busybox", "sh", "-c",
                    "echo from-host-net | nc -w 3 127.0.0.1 " + server.getLocalPort()).ok();
            assertEquals("from-host-net\n", received.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void containerModeSharesTheOtherContainersNetwork() {
        String web = "e2e-shared-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            docker("run", "-d", "--name", web, "busybox", "sh", "-c",
                    "echo shared-ok > /tmp/index.html; exec httpd -f -p 127.0.0.1:8080 -h /tmp").ok();
            String out = docker("run", "--rm", "--network", "container:" + web, "busybox", "sh", "-c",
                    "for i in 1 2 3 4 5; do wget -qO- http://127.0.0.1:8080/index.html && exit 0; sleep 0.2; done; exit 1")
                    .ok().out();
            assertEquals("shared-ok\n", out);
        } finally {
            docker("rm", "-f", web);
        }
    }

    /**
     * dockerd creates a container whose network does not exist (the network may be made before the start: moby's
     * validateNetworkingConfig and updateContainerNetworkSettings ignore the missing network) and refuses the start.
     */
    @Test
    void aMissingNetworkFailsTheStartNotTheCreate() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "e2e-nonet-" + tag;
        String net = "e2e-missing-net-" + tag;
        try {
            docker("create", "--name", name, "--network", net, "busybox", "true").ok();
            DockerCli.Result start = docker("start", name);
            assertTrue(start.exit() != 0 && start.err().contains("network " + net + " not found"), start.err());
            assertEquals("created", docker("inspect", "-f", "{{.State.Status}}", name).ok().trimmed());
        } finally {
            docker("rm", "-f", name);
        }
    }

    @Test
    void createOptionsAndStaticAddresses() throws InterruptedException {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String net = "e2e-opts-" + tag;
        String device = "e2ebr" + tag;
        String first = "e2e-static-" + tag;
        String mover = "e2e-mover-" + tag;
        int octet = 200 + (int) (Math.random() * 50);
        String subnet = "10." + octet + ".7.0/24";
        String prefix = "10." + octet + ".7.";
        try {
            docker("network", "create", "--subnet", subnet, "--gateway", prefix + "254", "--ip-range",
                    prefix + "128/25", "-o", "com.docker.network.bridge.name=" + device, net).ok();
            assertEquals(subnet + " " + prefix + "254 " + prefix + "128/25", docker("network", "inspect", "-f",
                    "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}} {{.IPRange}}{{end}}", net).ok().trimmed());

            // an address from the range, the gateway as default route, the named bridge on the host
            String routes = docker("run", "--rm", "--network", net, "busybox", "sh", "-c",
                    "ip -4 -o addr show eth0; ip route").ok().out();
            String address = routes.lines().findFirst().orElse("").replaceAll(".*inet (\\S+)/.*", "$1");
            int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
            assertTrue(address.startsWith(prefix) && last >= 128 && last != 254, routes);
            assertTrue(routes.contains("default via " + prefix + "254"), routes);
            assertTrue(Files.exists(Path.of("/sys/class/net", device)), "bridge " + device + " on the host");

            // --ip on run; an address already taken is refused
            docker("run", "-d", "--name", first, "--network", net, "--ip", prefix + "10", "busybox", "sleep", "60")
                    .ok();
            assertEquals(prefix + "10", docker("inspect", "-f",
                    "{{(index .NetworkSettings.Networks \"" + net + "\").IPAddress}}", first).ok().trimmed());
            String reach = docker("run", "--rm", "--network", net, "busybox", "ping", "-c", "1", "-W", "2",
                    prefix + "10").ok().out();
            assertTrue(reach.contains("1 packets received"), reach);

            DockerCli.Result taken = docker("run", "--rm", "--network", net, "--ip", prefix + "10", "busybox", "true");
            assertTrue(taken.exit() != 0 && taken.err().toLowerCase().contains("address"), taken.err());

            // a live connect with --ip: a second interface with that address
            docker("run", "-d", "--name", mover, "busybox", "sleep", "60").ok();
            docker("network", "connect", "--ip", prefix + "20", net, mover).ok();
            String eth1 = docker("exec", mover, "ip", "-4", "-o", "addr", "show", "eth1").ok().out();
            assertTrue(eth1.contains("inet " + prefix + "20/24"), eth1);
        } finally {
            docker("rm", "-f", first, mover);
            docker("network", "rm", net);
        }
        // each node removes its bridge when it learns of the network's removal (a Kafka event): soon, not at once
        // (after a runtime-service restart earlier in the suite, its consumer may first have to rejoin its group)
        long deadline = System.currentTimeMillis() + 30_000;
        while (Files.exists(Path.of("/sys/class/net", device)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(!Files.exists(Path.of("/sys/class/net", device)), "bridge " + device + " removed with its network");
    }
}
