package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image-service's commit contract for runtime-service: a container's diff on top of its image runs. */
class ImageCommitTest {
    private final String repo = "e2e-commit-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        docker("rmi", "-f", repo + ":committed", repo + ":base");
    }

    @Test
    void committedLayerRunsOnTopOfItsParent() throws Exception {
        Path rootfs = dir.resolve("rootfs.tar");
        Files.write(rootfs, Tarballs.busyboxRootfs());
        String parent = docker("import", rootfs.toString(), repo + ":base").ok().trimmed();

        String config = "{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\",\"-c\",\"echo hi > /hello\"],\"Image\":\""
                + repo + ":base\",\"Labels\":{\"from\":\"container\"}}";
        String query = "parent=" + enc(parent) + "&container=" + "c".repeat(64) + "&repo=" + enc(repo)
                + "&tag=committed&comment=" + enc("a change") + "&author=" + enc("E2E <e2e@berth>")
                + "&changes=" + enc("CMD [\"cat\", \"/hello\"]");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(Services.imageService() + "/internal/commit?" + query))
                .header("Content-Type", "application/x-tar")
                .header("X-Berth-Service-Token", Services.serviceToken())
                .header("X-Berth-Container-Config",
                        Base64.getUrlEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(diff())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().matches("\\{\"Id\":\"sha256:[0-9a-f]{64}\"}"), response.body());
        String id = response.body().substring(7, 78);

        assertEquals(id, docker("image", "inspect", "-f", "{{.Id}}", repo + ":committed").ok().trimmed());
        assertEquals("2 E2E <e2e@berth> a change [cat /hello] container",
                docker("image", "inspect", "-f",
                        "{{len .RootFS.Layers}} {{.Author}} {{.Comment}} {{.Config.Cmd}} {{.Config.Labels.from}}",
                        repo + ":committed").ok().trimmed());
        String history = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}",
                repo + ":committed").ok().out();
        assertTrue(history.startsWith("sh -c echo hi > /hello|a change\n"), history);
        assertEquals("from the container\n", docker("run", "--rm", "--network", "none", repo + ":committed").ok().out());
        assertEquals("gone\n", docker("run", "--rm", "--network", "none", repo + ":committed", "sh", "-c",
                "test -e /etc/passwd || echo gone").ok().out());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The container's changes: a new /hello and /etc/passwd deleted (an OCI whiteout). */
    private static byte[] diff() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] hello = "from the container\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("hello");
            file.setSize(hello.length);
            file.setMode(0100644);
            tar.putArchiveEntry(file);
            tar.write(hello);
            tar.closeArchiveEntry();
            TarArchiveEntry whiteout = new TarArchiveEntry("etc/.wh.passwd");
            whiteout.setMode(0100000);
            tar.putArchiveEntry(whiteout);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
