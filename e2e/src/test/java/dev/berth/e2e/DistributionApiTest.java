package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * image-service is a registry: skopeo and berth's own pull fetch an image from its /v2 API, with its basic-auth
 * password; without it the registry side answers 401 with a basic challenge.
 */
class DistributionApiTest {
    private final String repo = "e2e-dist-" + UUID.randomUUID().toString().substring(0, 8);
    private final String registry = URI.create(Services.imageService()).getAuthority();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        docker("rmi", "-f", repo + ":1", registry + "/" + repo + ":1");
    }

    @Test
    void skopeoAndBerthPullFromImageService() throws Exception {
        Path rootfs = dir.resolve("rootfs.tar");
        byte[] layer = Tarballs.busyboxRootfs();
        Files.write(rootfs, layer);
        String id = docker("import", rootfs.toString(), repo + ":1").ok().trimmed();

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(Services.imageService()
                + "/v2/" + repo + "/manifests/1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals("Basic realm=\"berth\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(anonymous.body().contains("\"UNAUTHORIZED\""), anonymous.body());

        HttpResponse<String> base = get("/v2/", null);
        assertEquals(200, base.statusCode());
        assertEquals("registry/2.0", base.headers().firstValue("Docker-Distribution-API-Version").orElse(""));

        HttpResponse<String> manifest = get("/v2/" + repo + "/manifests/1", null);
        assertEquals(200, manifest.statusCode(), manifest.body());
        String digest = manifest.headers().firstValue("Docker-Content-Digest").orElseThrow();
        assertEquals("application/vnd.oci.image.manifest.v1+json",
                manifest.headers().firstValue("Content-Type").orElse(""));
        assertTrue(manifest.body().contains(id), manifest.body());

        HttpResponse<String> tags = get("/v2/" + repo + "/tags/list", null);
        assertTrue(tags.body().contains("\"name\":\"" + repo + "\""), tags.body());
        assertTrue(tags.body().contains("\"tags\":[\"1\"]"), tags.body());
        HttpResponse<String> unknown = get("/v2/" + repo + "/manifests/nope", null);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("\"MANIFEST_UNKNOWN\""), unknown.body());

        String layerDigest = "sha256:" + Tarballs.sha256(layer);
        HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(Services.imageService()
                        + "/v2/" + repo + "/blobs/" + layerDigest)).header("Range", "bytes=100-199")
                        .header("Authorization", Services.registryAuthorization()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(layer, 100, 200), range.body());

        String creds = "berth:" + Services.registryPassword();
        String inspected = run(List.of("skopeo", "inspect", "--tls-verify=false", "--creds", creds, "--format", "{{.Digest}}",
                "docker://" + registry + "/" + repo + ":1"));
        assertEquals(digest, inspected.trim());
        Path copy = dir.resolve("oci");
        run(List.of("skopeo", "copy", "--src-tls-verify=false", "--src-creds", creds,
                "docker://" + registry + "/" + repo + ":1",
                "oci:" + copy + ":x"));
        // skopeo verified every blob's digest; it may recompress layers, the config arrives as served
        assertTrue(Files.exists(copy.resolve("blobs/sha256/" + id.substring(7))));

        String pulledName = registry + "/" + repo + ":1";
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        assertNotEquals(0, RegistryPullTest.withConfig(config, null, "pull", pulledName).exit());
        DockerCli.Result login = RegistryPullTest.withConfig(config, Services.registryPassword() + "\n", "login",
                registry, "-u", "berth", "--password-stdin");
        assertEquals(0, login.exit(), login.err());
        DockerCli.Result pull = RegistryPullTest.withConfig(config, null, "pull", pulledName);
        assertEquals(0, pull.exit(), pull.err());
        assertTrue(pull.out().contains("Digest: " + digest), pull.out());
        assertEquals(id, docker("image", "inspect", "-f", "{{.Id}}", pulledName).ok().trimmed());
        assertEquals("from berth\n",
                docker("run", "--rm", "--network", "none", pulledName, "echo", "from berth").ok().out());
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Services.imageService() + path))
                .header("Authorization", Services.registryAuthorization());
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        String text = new String(out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + text);
        return text;
    }
}
