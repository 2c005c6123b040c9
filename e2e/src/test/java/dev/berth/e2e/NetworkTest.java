package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Networks with real traffic through the docker CLI: a busybox httpd found by name from a second container on the
 * same user network, out of reach from a third network, reached from the host through a published port; the same
 * host port twice; concurrent runs; --internal; rm refused while in use; live connect/disconnect; events.
 * Host ports are random (several berth instances may share the host).
 */
class NetworkTest {
    private static final String GET = "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ";

    @Test
    void webServerByNameIsolatedAndPublished() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String front = "e2e-front-" + tag;
        String other = "e2e-other-" + tag;
        String web = "e2e-web-" + tag;
        String twin = "e2e-twin-" + tag;
        long since = System.currentTimeMillis() / 1000 - 1;
        try {
            String frontId = docker("network", "create", "--label", "e2e=" + tag, front).ok().trimmed();
            docker("network", "create", other).ok();
            docker("run", "-d", "--name", web, "--network", front, "--network-alias", "www", "-p", "127.0.0.1::80",
                    "busybox", "sh", "-c", "echo served-" + tag + " > /tmp/index.html; exec httpd -f -p 80 -h /tmp")
                    .ok();

            // by name and by alias, from a second container on the same network
            String byName = docker("run", "--rm", "--network", front, "busybox", "sh", "-c",
                    GET + web + " 80; " + GET + "www 80").ok().out();
            assertEquals(2, byName.lines().filter(l -> l.equals("served-" + tag)).count(), byName);

            // not from a third network (by address: its name means nothing there)
            String ip = docker("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + front + "\").IPAddress}}",
                    web).ok().trimmed();
            assertTrue(ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), ip);
            DockerCli.Result crossing = docker("run", "--rm", "--network", other, "busybox", "sh", "-c",
                    GET + ip + " 80 || echo unreachable");
            assertTrue(crossing.out().contains("unreachable") && !crossing.out().contains("served-"), crossing.out());

            // from the host, through the published port on 127.0.0.1
            String published = docker("port", web, "80/tcp").ok().trimmed();
            assertTrue(published.startsWith("127.0.0.1:"), published);
            int port = Integer.parseInt(published.substring(published.lastIndexOf(':') + 1));
            assertEquals("served-" + tag + "\n", Http.get("http://127.0.0.1:" + port + "/index.html"));
            assertEquals(port + "", docker("inspect", "-f",
                    "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}", web).ok().trimmed());

            // the same host port again: a clear error, nothing left behind
            DockerCli.Result clash = docker("run", "--name", twin, "-p", "127.0.0.1:" + port + ":80", "busybox", "true");
            assertNotEquals(0, clash.exit());
            assertTrue(clash.err().contains("port is already allocated"), clash.err());
            assertEquals("created", docker("inspect", "-f", "{{.State.Status}}", twin).ok().trimmed());
            assertEquals("", docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", twin).ok().trimmed());
            assertTrue(!docker("network", "inspect", "-f", "{{json .Containers}}", "bridge").ok().out()
                    .contains(docker("inspect", "-f", "{{.Id}}", twin).ok().trimmed()), "twin keeps no address");
            assertEquals("served-" + tag + "\n", Http.get("http://127.0.0.1:" + port + "/index.html"));

            // rm is refused while in use
            DockerCli.Result busy = docker("network", "rm", front);
            assertNotEquals(0, busy.exit());
            assertTrue(busy.err().contains("has active endpoints"), busy.err());

            // live connect with an alias, then disconnect
            docker("network", "connect", "--alias", "late", other, web).ok();
            assertTrue(docker("run", "--rm", "--network", other, "busybox", "sh", "-c", GET + "late 80").ok().out()
                    .contains("served-" + tag));
            docker("network", "disconnect", other, web).ok();
            assertTrue(docker("run", "--rm", "--network", other, "busybox", "sh", "-c",
                    "nslookup late >/dev/null 2>&1 && echo found || echo gone").ok().out().contains("gone"));

            assertEquals(frontId, docker("network", "inspect", "-f", "{{.Id}}", front).ok().trimmed());
            docker("rm", "-f", web).ok();
            docker("network", "rm", front, other).ok();
            List<String> events = List.of();
            for (int attempt = 0; attempt < 40 && !events.contains("destroy " + front); attempt++) {
                events = docker("events", "--since", String.valueOf(since), "--until",
                        String.valueOf(System.currentTimeMillis() / 1000 + 1), "--filter", "type=network",
                        "--filter", "network=" + frontId, "--format", "{{.Action}} {{.Actor.Attributes.name}}")
                        .ok().out().lines().toList();
                Thread.sleep(250);
            }
            assertTrue(events.contains("create " + front) && events.contains("connect " + front)
                    && events.contains("disconnect " + front) && events.contains("destroy " + front), events.toString());
        } finally {
            docker("rm", "-f", web, twin);
            docker("network", "rm", front, other);
        }
    }

    @Test
    void defaultBridgeConcurrentRunsInternalNetworkAndEtcFiles() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String internal = "e2e-internal-" + tag;
        List<String> names = new ArrayList<>();
        try {
            List<CompletableFuture<DockerCli.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String name = "e2e-conc-" + tag + "-" + i;
                names.add(name);
                runs.add(CompletableFuture.supplyAsync(() -> docker("run", "-d", "--name", name, "busybox", "sleep", "60")));
            }
            Set<String> addresses = new HashSet<>();
            for (int i = 0; i < runs.size(); i++) {
                runs.get(i).join().ok();
                addresses.add(docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", names.get(i)).ok().trimmed());
            }
            assertEquals(5, addresses.size(), "distinct addresses: " + addresses);
            // default bridge: neighbours by address, /etc/hosts with the container's address, --add-host, --dns
            String first = addresses.iterator().next();
            String out = docker("run", "--rm", "--hostname", "box", "--add-host", "gw.test:host-gateway",
                    "--add-host", "fixed.test:10.1.2.3", "--dns", "10.9.9.9", "--dns-search", "example.test",
                    "busybox", "sh", "-c", "ping -c1 -W3 " + first + " >/dev/null && echo neighbour-ok; cat /etc/hosts "
                            + "/etc/resolv.conf /etc/hostname; ip route").ok().out();
            assertTrue(out.contains("neighbour-ok"), out);
            assertTrue(out.lines().anyMatch(l -> l.matches("\\d+\\.\\d+\\.\\d+\\.\\d+\\tbox")), out);
            assertTrue(out.contains("10.1.2.3\tfixed.test") && out.lines().anyMatch(l -> l.endsWith("\tgw.test")), out);
            assertTrue(out.contains("nameserver 10.9.9.9") && out.contains("search example.test"), out);
            assertTrue(out.contains("default via"), out);

            // --internal: no route out
            docker("network", "create", "--internal", internal).ok();
            String inside = docker("run", "--rm", "--network", internal, "busybox", "sh", "-c",
                    "ip route; ping -c1 -W2 " + first + " >/dev/null 2>&1 && echo escaped || echo contained").ok().out();
            assertTrue(!inside.contains("default") && inside.contains("contained"), inside);
        } finally {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(names);
            docker(rm.toArray(String[]::new));
            docker("network", "rm", internal);
        }
    }

}
