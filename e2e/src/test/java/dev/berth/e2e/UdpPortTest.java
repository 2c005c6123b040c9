package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A UDP port published on 127.0.0.1 carries datagrams both ways. busybox has no UDP server, so the container runs
 * the host's perl (Debian's essential perl-base) through read-only bind mounts of /usr and the library links.
 */
class UdpPortTest {
    private final String name = "e2e-udp-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void cleanUp() {
        docker("rm", "-f", name);
    }

    @Test
    void publishedUdpPortEchoes() throws Exception {
        docker("run", "-d", "--name", name, "-p", "127.0.0.1::5353/udp",
                "-v", "/usr:/usr:ro", "-v", "/lib:/lib:ro", "-v", "/lib64:/lib64:ro", "busybox",
                "/usr/bin/perl", "-MIO::Socket::INET", "-e",
                "$s = IO::Socket::INET->new(LocalPort => 5353, Proto => 'udp') or die $!;"
                        + " while ($s->recv($m, 1024)) { $s->send(\"pong:$m\") }").ok();
        String mapping = docker("port", name, "5353/udp").ok().trimmed();
        assertTrue(mapping.startsWith("127.0.0.1:"), mapping);
        int port = Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1).trim());

        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            String answer = null;
            for (int attempt = 0; attempt < 10 && answer == null; attempt++) { // the server may still be starting
                socket.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), port));
                try {
                    socket.receive(reply);
                    answer = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
                } catch (SocketTimeoutException e) {
                    // send again
                }
            }
            assertEquals("pong:ping", answer, docker("logs", name).out());
        }
    }
}
