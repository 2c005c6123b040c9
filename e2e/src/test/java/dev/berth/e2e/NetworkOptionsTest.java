package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The per-container network options of `docker run`, seen from inside the container: --dns, --dns-search and
 * --dns-option in resolv.conf; --hostname, --domainname and --mac-address; --link's /etc/hosts entry and traffic
 * to it; and --dns on a user network, where the network's DNS server forwards the container's other names to the
 * container's own servers (here a tiny DNS server this test runs on a loopback address of the host).
 */
class NetworkOptionsTest {

    @Test
    void dnsSettingsOnTheDefaultBridgeGoToResolvConf() {
        String resolv = docker("run", "--rm", "--dns", "192.0.2.53", "--dns-search", "corp.example",
                "--dns-option", "ndots:3", "--dns-option", "timeout:1", "busybox", "cat", "/etc/resolv.conf")
                .ok().out();
        List<String> lines = resolv.lines().map(String::strip).toList();
        assertTrue(lines.contains("nameserver 192.0.2.53"), resolv);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("nameserver")).count(), resolv);
        assertTrue(lines.contains("search corp.example"), resolv);
        assertTrue(lines.contains("options ndots:3 timeout:1"), resolv);
    }

    @Test
    void hostnameDomainnameAndMacAddress() {
        String out = docker("run", "--rm", "--hostname", "box", "--domainname", "example.test",
                "--mac-address", "02:42:ac:11:00:99", "busybox", "sh", "-c",
                "hostname; cat /proc/sys/kernel/domainname; cat /sys/class/net/eth0/address; grep -w box /etc/hosts")
                .ok().out();
        List<String> lines = out.lines().toList();
        assertEquals("box", lines.get(0), out);
        assertEquals("example.test", lines.get(1), out);
        assertEquals("02:42:ac:11:00:99", lines.get(2), out);
        assertTrue(lines.get(3).matches("\\d+\\.\\d+\\.\\d+\\.\\d+\\s+box\\.example\\.test\\s+box\\s*"), out);
    }

    @Test
    void linkGivesAHostsEntryThatCarriesTraffic() {
        String target = "e2e-linked-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            docker("run", "-d", "--name", target, "busybox", "sh", "-c",
                    "echo linked-ok > /tmp/index.html; exec httpd -f -p 80 -h /tmp").ok();
            String ip = docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", target).ok().trimmed();
            String out = docker("run", "--rm", "--link", target + ":db", "busybox", "sh", "-c",
                    "grep -w db /etc/hosts; printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 3 db 80").ok().out();
            String hostsLine = out.lines().findFirst().orElse("");
            assertTrue(hostsLine.startsWith(ip) && hostsLine.contains(target), out);
            assertTrue(out.contains("linked-ok"), out);
        } finally {
            docker("rm", "-f", target);
        }
    }

    @Test
    void dnsOnAUserNetworkIsWhereTheNetworkServerForwardsOtherNames() throws Exception {
        String net = "e2e-dnsfwd-" + UUID.randomUUID().toString().substring(0, 8);
        String upstream = "127.0.0.77";
        try (FakeDns fake = new FakeDns(upstream, new byte[] {10, 11, 12, 13})) {
            docker("network", "create", net).ok();
            String out = docker("run", "--rm", "--network", net, "--dns", upstream, "busybox", "sh", "-c",
                    "cat /etc/resolv.conf; nslookup outside.berth-test || true").ok().out();
            assertTrue(!out.contains("nameserver " + upstream), "the container asks the network's server: " + out);
            assertTrue(out.contains("10.11.12.13"), out);
            assertTrue(fake.queries.get() > 0, "the fake upstream was asked");
        } finally {
            docker("network", "rm", net);
        }
    }

    /** Answers every A question with one address, other types with no answer. */
    private static final class FakeDns implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicInteger queries = new AtomicInteger();

        FakeDns(String address, byte[] answer) throws SocketException, java.net.UnknownHostException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 53));
            Thread t = new Thread(() -> serve(answer), "fake-dns");
            t.setDaemon(true);
            t.start();
        }

        private void serve(byte[] address) {
            byte[] buf = new byte[1500];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    queries.incrementAndGet();
                    byte[] reply = reply(Arrays.copyOf(p.getData(), p.getLength()), address);
                    socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (java.io.IOException | RuntimeException e) {
                    // closed, or a query we do not understand
                }
            }
        }

        /** The query with QR/RA set, and for type A one answer pointing back at the question's name. */
        static byte[] reply(byte[] query, byte[] address) {
            int end = 12;
            while (query[end] != 0) {
                end += (query[end] & 0xff) + 1;
            }
            end += 5; // zero label, QTYPE, QCLASS
            int qtype = ((query[end - 4] & 0xff) << 8) | (query[end - 3] & 0xff);
            boolean a = qtype == 1;
            byte[] out = Arrays.copyOf(query, end + (a ? 16 : 0));
            out[2] = (byte) (0x80 | (query[2] & 0x01)); // QR, keep RD
            out[3] = (byte) 0x80; // RA, NOERROR
            out[6] = 0;
            out[7] = (byte) (a ? 1 : 0);
            out[8] = out[9] = out[10] = out[11] = 0;
            if (a) {
                byte[] rr = {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, address[0], address[1], address[2],
                        address[3]};
                System.arraycopy(rr, 0, out, end, rr.length);
            }
            return out;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** docker-py's test_create_network_with_ipam_config: no IPAM options given, dockerd shows {@code null}, not {}. */
    @Test
    void ipamOptionsAreNullWhenNoneWereGiven() {
        String net = "e2e-ipam-" + UUID.randomUUID().toString().substring(0, 8);
        docker("network", "create", net).ok();
        try {
            assertEquals("null", docker("network", "inspect", "-f", "{{json .IPAM.Options}}", net).ok().trimmed());
        } finally {
            docker("network", "rm", net);
        }
    }
}
