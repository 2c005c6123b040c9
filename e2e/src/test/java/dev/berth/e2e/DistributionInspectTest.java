package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /distribution/{name}/json} (docker-py's {@code inspect_distribution}): what a registry holds under a
 * reference, asked of the registry, without pulling; plain HTTP over the socket against a local registry.
 */
class DistributionInspectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void describesTheManifestAndItsPlatformWithoutPulling() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir, null, null, null)) {
            LocalRegistry.Pushed pushed = registry.push("e2e/dist", "1",
                    List.of(LocalRegistry.Layer.of(Tarballs.busyboxRootfs())), "[\"sh\"]");
            String image = registry.host() + "/e2e/dist:1";

            String[] ok = inspect(image, null);
            assertTrue(ok[0].startsWith("HTTP/1.1 200"), ok[0]);
            JsonNode body = JSON.readTree(ok[1]);
            assertEquals(LocalRegistry.MANIFEST_V2, body.path("Descriptor").path("mediaType").asText(), ok[1]);
            assertEquals(pushed.manifestDigest(), body.path("Descriptor").path("digest").asText(), ok[1]);
            assertTrue(body.path("Descriptor").path("size").asLong() > 0, ok[1]);
            assertEquals(1, body.path("Platforms").size(), ok[1]);
            assertEquals("amd64", body.path("Platforms").path(0).path("architecture").asText(), ok[1]);
            assertEquals("linux", body.path("Platforms").path(0).path("os").asText(), ok[1]);
            // nothing was pulled
            assertNotEquals(0, docker("image", "inspect", image).exit());

            // by digest: the same descriptor
            String[] byDigest = inspect(registry.host() + "/e2e/dist@" + pushed.manifestDigest(), null);
            assertTrue(byDigest[0].startsWith("HTTP/1.1 200"), byDigest[0]);
            assertEquals(pushed.manifestDigest(), JSON.readTree(byDigest[1]).path("Descriptor").path("digest")
                    .asText());

            // an unknown tag: the registry's error as dockerd passes it on
            String[] missing = inspect(registry.host() + "/e2e/dist:nope", null);
            assertTrue(missing[0].startsWith("HTTP/1.1 404"), missing[0]);
            assertTrue(JSON.readTree(missing[1]).path("message").asText().startsWith("manifest unknown: "),
                    missing[1]);

            String[] fullId = inspect("sha256:" + "a".repeat(64), null);
            assertTrue(fullId[0].startsWith("HTTP/1.1 500"), fullId[0]);
            assertEquals("no manifest found for full image ID", JSON.readTree(fullId[1]).path("message").asText());
            String[] invalid = inspect("Bad:Name", null);
            assertTrue(invalid[0].startsWith("HTTP/1.1 400"), invalid[0]);
        }
    }

    @Test
    void credentialsComeInXRegistryAuth() throws Exception {
        Process htpasswd;
        try {
            htpasswd = new ProcessBuilder("htpasswd", "-nbB", "berth", "s3cret").start();
        } catch (IOException e) {
            Assumptions.abort("htpasswd (apache2-utils) is not installed");
            return;
        }
        String line = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, htpasswd.waitFor());
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")),
                line + "\n", "berth", "s3cret")) {
            LocalRegistry.Pushed pushed = registry.push("e2e/private", "1",
                    List.of(LocalRegistry.Layer.of(Tarballs.busyboxRootfs())), "[\"sh\"]");
            String image = registry.host() + "/e2e/private:1";

            String[] ok = inspect(image, auth("berth", "s3cret", registry.host()));
            assertTrue(ok[0].startsWith("HTTP/1.1 200"), ok[0] + ok[1]);
            assertEquals(pushed.manifestDigest(), JSON.readTree(ok[1]).path("Descriptor").path("digest").asText());

            String[] wrong = inspect(image, auth("berth", "wrong", registry.host()));
            assertTrue(wrong[0].startsWith("HTTP/1.1 401"), wrong[0] + wrong[1]);
            assertTrue(JSON.readTree(wrong[1]).path("message").asText().startsWith("unauthorized: "), wrong[1]);
        }
    }

    private static String auth(String user, String password, String server) {
        String json = "{\"username\":\"" + user + "\",\"password\":\"" + password + "\",\"serveraddress\":\""
                + server + "\"}";
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The response head and body of {@code GET /v1.55/distribution/<name>/json}. */
    private static String[] inspect(String name, String auth) throws IOException {
        String response = SystemApiTest.raw("GET /v1.55/distribution/" + name + "/json HTTP/1.1\r\nHost: berth\r\n"
                + (auth == null ? "" : "X-Registry-Auth: " + auth + "\r\n") + "Connection: close\r\n\r\n");
        int split = response.indexOf("\r\n\r\n");
        String head = response.substring(0, split);
        String body = response.substring(split + 4);
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new String[] {head, body};
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
