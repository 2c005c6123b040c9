package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** docker version / info / _ping, the version prefixes and Docker's error format, through the real socket. */
class SystemApiTest {

    @Test
    void versionShowsServerEngine() {
        String out = docker("version", "--format", "{{.Server.APIVersion}} {{.Server.MinAPIVersion}} {{.Server.Os}}")
                .ok().trimmed();
        assertEquals("1.55 1.24 linux", out);
    }

    @Test
    void infoReportsRealFigures() {
        String out = docker("info", "--format",
                "{{.OSType}}|{{.NCPU}}|{{.MemTotal}}|{{.CgroupDriver}}|{{.DefaultRuntime}}|{{.KernelVersion}}")
                .ok().trimmed();
        String[] parts = out.split("\\|");
        assertEquals("linux", parts[0]);
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()), parts[1]);
        assertTrue(Long.parseLong(parts[2]) > 1024L * 1024 * 1024, "MemTotal " + parts[2]);
        assertEquals("cgroupfs", parts[3]);
        assertEquals("runc", parts[4]);
        assertEquals(System.getProperty("os.version"), parts[5]);
    }

    @Test
    void pingAnswersWithAndWithoutVersionPrefix() throws IOException {
        for (String path : new String[] {"/_ping", "/v1.24/_ping", "/v1.44/_ping", "/v1.55/_ping"}) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200"), path + " -> " + response);
            assertTrue(response.toLowerCase().contains("api-version: 1.55"), response);
            assertTrue(response.toLowerCase().contains("ostype: linux"), response);
            assertTrue(response.endsWith("OK"), response);
        }
        String head = raw("HEAD /_ping HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n");
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
    }

    @Test
    void versionsOutsideTheSupportedRangeAreDockersBadRequest() throws IOException {
        String tooOld = raw("GET /v1.12/version HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n");
        assertTrue(tooOld.startsWith("HTTP/1.1 400"), tooOld);
        assertTrue(tooOld.contains("{\"message\":\"client version 1.12 is too old."), tooOld);
        String tooNew = raw("GET /v1.99/version HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n");
        assertTrue(tooNew.startsWith("HTTP/1.1 400"), tooNew);
        String unknown = raw("GET /v1.45/no/such/endpoint HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n");
        assertTrue(unknown.startsWith("HTTP/1.1 404"), unknown);
        assertTrue(unknown.contains("\"message\""), unknown);
    }

    @Test
    void missingObjectsAreNotFoundInDockersWords() {
        DockerCli.Result container = docker("rm", "berth-e2e-no-such-container");
        assertNotEquals(0, container.exit());
        assertTrue(container.err().contains("No such container: berth-e2e-no-such-container"), container.err());
        DockerCli.Result image = docker("image", "inspect", "berth-e2e-no-such-image:1");
        assertNotEquals(0, image.exit());
        assertTrue(image.err().contains("No such image"), image.err());
    }

    static String raw(String request) throws IOException {
        String path = DockerCli.HOST.replaceFirst("^unix://", "");
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            StringBuilder response = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                response.append(StandardCharsets.UTF_8.decode(buffer));
                buffer.clear();
            }
            return response.toString();
        }
    }
}
