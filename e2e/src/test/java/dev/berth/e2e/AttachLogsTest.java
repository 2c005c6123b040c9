package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Log rotation (readable across it, -f following over it) and attach: detach keys, several clients, events. */
class AttachLogsTest {
    private final String name = "e2e-al-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeLeftovers() {
        docker("rm", "-f", name);
    }

    @Test
    void logsRotateBySizeAndCountAndStayReadableAcrossRotations() throws Exception {
        docker("run", "-d", "--name", name, "--network", "none", "--log-opt", "max-size=2k", "--log-opt", "max-file=3",
                "busybox", "sh", "-c", "i=0; while [ $i -lt 400 ]; do i=$((i+1)); echo line $i; sleep 0.01; done;"
                        + " touch /done; sleep 1000").ok();
        Path followedFile = Files.createTempFile("berth-follow", ".txt");
        ProcessBuilder followBuilder = new ProcessBuilder("docker", "logs", "-f", name).redirectErrorStream(true)
                .redirectOutput(followedFile.toFile());
        followBuilder.environment().put("DOCKER_HOST", DockerCli.HOST);
        Process follow = followBuilder.start();
        for (int i = 0; i < 200 && docker("exec", name, "test", "-e", "/done").exit() != 0; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(2500); // the rotator's last pass and the follower catching up
        follow.destroy();
        follow.waitFor(10, TimeUnit.SECONDS);
        List<String> followed = Files.readAllLines(followedFile);
        Files.deleteIfExists(followedFile);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            expected.add("line " + i);
        }
        assertEquals(expected, followed, "-f follows over every rotation without losing or repeating a line");

        Path dir = Path.of(docker("inspect", "-f", "{{.LogPath}}", name).ok().trimmed()).getParent();
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ctr.log")).sorted().toList();
        }
        assertTrue(files.size() <= 3 && files.contains("ctr.log.1"), "rotated, at most max-file files: " + files);
        List<String> all = docker("logs", name).ok().out().lines().toList();
        assertEquals("line 400", all.get(all.size() - 1));
        assertTrue(all.size() < 400, "the oldest file was dropped: " + all.size());
        assertEquals(expected.subList(400 - all.size(), 400), all, "what is left is contiguous across files");
        assertEquals(List.of("line 399", "line 400"), docker("logs", "--tail", "2", name).ok().out().lines().toList());
        int span = Math.min(60, all.size()); // more than one 2k file holds: the tail is found across files
        assertEquals(expected.subList(400 - span, 400),
                docker("logs", "--tail", String.valueOf(span), name).ok().out().lines().toList());
        String stamped = docker("logs", "-t", "--tail", "1", name).ok().trimmed();
        assertTrue(stamped.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z line 400"), stamped);
        assertEquals("", docker("logs", "--since", "2099-01-01T00:00:00Z", name).ok().out(), "nothing that late");
        assertEquals("", docker("logs", "--until", "2000-01-01T00:00:00Z", name).ok().out(), "nothing that early");

        DockerCli.Result bad = docker("run", "--rm", "--network", "none", "--log-opt", "max-file=0", "busybox", "true");
        assertNotEquals(0, bad.exit());
        assertTrue(bad.err().contains("max-file cannot be less than 1"), bad.err());
    }

    @Test
    void detachKeysLeaveTheContainerRunningAndSeveralClientsShareIt() throws Exception {
        docker("run", "-dit", "--name", name, "--network", "none", "busybox", "sh").ok();
        String id = docker("inspect", "-f", "{{.Id}}", name).ok().trimmed();
        try (SocketChannel one = attach(id, "ctrl-x,x"); SocketChannel two = attach(id, null)) {
            Thread.sleep(300);
            send(one, "echo from-$((1+1))-one\n");
            String seenByTwo = readUntil(two, "from-2-one", 5000);
            assertTrue(seenByTwo.contains("from-2-one"), "the other client sees the output: " + seenByTwo);
            send(two, "echo from-$((1+2))-two\n");
            assertTrue(readUntil(one, "from-3-two", 5000).contains("from-3-two"), "and its input reaches the shell");
            send(one, "\u0018x"); // the custom detach keys
            assertTrue(closedWithin(one, 5000), "the server ends the detached client's connection");
            send(two, "echo still-$((2+2))\n");
            assertTrue(readUntil(two, "still-4", 5000).contains("still-4"), "the container and its stdin live on");
        }
        assertEquals("running", docker("inspect", "-f", "{{.State.Status}}", name).ok().trimmed());
        assertTrue(CopyDiffExportTest.waitForEvent(name, "detach"), "detach event");
    }

    private static SocketChannel attach(String id, String detachKeys) throws IOException {
        String host = DockerCli.HOST.replaceFirst("^unix://", "");
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(host));
        String query = "stream=1&stdin=1&stdout=1&stderr=1" + (detachKeys == null ? "" : "&detachKeys=" + detachKeys);
        String request = "POST /v1.47/containers/" + id + "/attach?" + query + " HTTP/1.1\r\nHost: docker\r\n"
                + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n";
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        String head = readUntil(ch, "\r\n\r\n", 5000);
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
        return ch;
    }

    private static void send(SocketChannel ch, String text) throws IOException {
        ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String readUntil(SocketChannel ch, String marker, long timeoutMs) throws IOException {
        ch.configureBlocking(false);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                break;
            }
            got.write(buf.array(), 0, n);
            if (got.toString(StandardCharsets.UTF_8).contains(marker)) {
                break;
            }
            if (n == 0) {
                sleep(20);
            }
        }
        ch.configureBlocking(true);
        return got.toString(StandardCharsets.UTF_8);
    }

    private static boolean closedWithin(SocketChannel ch, long timeoutMs) throws IOException {
        ch.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            buf.clear();
            int n;
            try {
                n = ch.read(buf);
            } catch (IOException e) {
                return true;
            }
            if (n < 0) {
                return true;
            }
            if (n == 0) {
                sleep(20);
            }
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
