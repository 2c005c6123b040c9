package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker pull from a Distribution v2 registry (Debian's docker-registry on a loopback port). */
class RegistryPullTest {
    @TempDir
    Path dir;

    private final List<String> cleanup = new java.util.ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (String ref : cleanup) {
            docker("rmi", "-f", ref);
        }
    }

    @Test
    void pullsRunsAndKnowsItIsUpToDate() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir, null, null, null)) {
            LocalRegistry.Layer base = LocalRegistry.Layer.of(Tarballs.busyboxRootfs());
            LocalRegistry.Pushed pushed = registry.push("e2e/bb", "1", List.of(base), "[\"sh\"]");
            String image = registry.host() + "/e2e/bb:1";
            cleanup.add(image);

            DockerCli.Result pull = docker("pull", image).ok();
            assertTrue(pull.out().contains("1: Pulling from e2e/bb"), pull.out());
            assertTrue(pull.out().contains("Pull complete"), pull.out());
            assertTrue(pull.out().contains("Digest: " + pushed.manifestDigest()), pull.out());
            assertTrue(pull.out().contains("Status: Downloaded newer image for " + image), pull.out());

            assertEquals("pulled\n",
                    docker("run", "--rm", "--network", "none", image, "echo", "pulled").ok().out());
            assertEquals(pushed.configDigest(), docker("image", "inspect", "-f", "{{.Id}}", image).ok().trimmed());
            assertEquals(base.diffId(),
                    docker("image", "inspect", "-f", "{{index .RootFS.Layers 0}}", image).ok().trimmed());
            assertEquals(registry.host() + "/e2e/bb@" + pushed.manifestDigest(),
                    docker("image", "inspect", "-f", "{{index .RepoDigests 0}}", image).ok().trimmed());
            String digests = docker("images", "--digests", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}}")
                    .ok().out();
            assertTrue(digests.contains(image + " " + pushed.manifestDigest()), digests);

            DockerCli.Result again = docker("pull", image).ok();
            assertTrue(again.out().contains("Status: Image is up to date for " + image), again.out());

            DockerCli.Result missing = docker("pull", registry.host() + "/e2e/nope:1");
            assertNotEquals(0, missing.exit());
            assertTrue(missing.err().contains("manifest for " + registry.host() + "/e2e/nope:1 not found: "
                    + "manifest unknown"), missing.err());

            // a second image sharing the base layer: docker run pulls it implicitly, only the new layer moves
            LocalRegistry.Layer extra = LocalRegistry.Layer.of(fileLayer("etc/greeting", "hello from layer 2\n"));
            registry.push("e2e/app", "2", List.of(base, extra), "[\"cat\",\"/etc/greeting\"]");
            String app = registry.host() + "/e2e/app:2";
            cleanup.add(app);
            DockerCli.Result run = docker("run", "--rm", "--network", "none", app).ok();
            assertEquals("hello from layer 2\n", run.out(), run.err());
            assertTrue(run.err().contains("Unable to find image '" + app + "' locally"), run.err());
            assertTrue(run.err().contains("Already exists"), run.err());

            // by digest
            DockerCli.Result byDigest = docker("pull", registry.host() + "/e2e/bb@" + pushed.manifestDigest()).ok();
            assertTrue(byDigest.out().contains("Digest: " + pushed.manifestDigest()), byDigest.out());
            String digestRef = registry.host() + "/e2e/bb@" + pushed.manifestDigest();
            assertEquals(pushed.configDigest(), docker("image", "inspect", "-f", "{{.Id}}", digestRef).ok().trimmed());
            DockerCli.Result untag = docker("rmi", digestRef).ok();
            assertTrue(untag.out().contains("Untagged: " + digestRef), untag.out());
            assertEquals(pushed.configDigest(), docker("image", "inspect", "-f", "{{.Id}}", image).ok().trimmed());
            assertNotEquals(0, docker("image", "inspect", digestRef).exit());
        }
    }

    @Test
    void layerNotMatchingTheConfigFailsAndRecordsNothing() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir, null, null, null)) {
            LocalRegistry.Layer real = LocalRegistry.Layer.of(fileLayer("etc/x", "x\n"));
            LocalRegistry.Layer lie = new LocalRegistry.Layer(real.gzip(), "sha256:" + "0".repeat(64));
            registry.push("e2e/corrupt", "1", List.of(lie), "[\"sh\"]");
            String image = registry.host() + "/e2e/corrupt:1";
            cleanup.add(image);
            DockerCli.Result pull = docker("pull", image);
            assertNotEquals(0, pull.exit(), pull.out());
            assertTrue(pull.err().contains("but the image config expects sha256:" + "0".repeat(64)), pull.err());
            assertNotEquals(0, docker("image", "inspect", image).exit());
        }
    }

    @Test
    void loginAndPullFromABasicAuthRegistry() throws Exception {
        Process htpasswd;
        try {
            htpasswd = new ProcessBuilder("htpasswd", "-nbB", "berth", "s3cret").start();
        } catch (IOException e) {
            Assumptions.abort("htpasswd (apache2-utils) is not installed");
            return;
        }
        String line = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, htpasswd.waitFor());
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        Path regDir = Files.createDirectories(dir.resolve("registry"));
        try (LocalRegistry registry = LocalRegistry.start(regDir, line + "\n", "berth", "s3cret")) {
            LocalRegistry.Pushed pushed = registry.push("e2e/private", "1",
                    List.of(LocalRegistry.Layer.of(Tarballs.busyboxRootfs())), "[\"sh\"]");
            String image = registry.host() + "/e2e/private:1";
            cleanup.add(image);

            DockerCli.Result anonymous = docker("pull", image);
            assertNotEquals(0, anonymous.exit(), anonymous.out());

            DockerCli.Result wrong = withConfig(config, "s3cret-not\n", "login", registry.host(), "-u", "berth",
                    "--password-stdin");
            assertNotEquals(0, wrong.exit(), wrong.out());
            assertTrue(wrong.err().contains("401 Unauthorized"), wrong.err());

            DockerCli.Result login = withConfig(config, "s3cret\n", "login", registry.host(), "-u", "berth",
                    "--password-stdin");
            assertEquals(0, login.exit(), login.err());
            assertTrue(login.out().contains("Login Succeeded"), login.out());

            DockerCli.Result pull = withConfig(config, null, "pull", image);
            assertEquals(0, pull.exit(), pull.err());
            assertTrue(pull.out().contains("Digest: " + pushed.manifestDigest()), pull.out());
            assertEquals("private\n",
                    docker("run", "--rm", "--network", "none", image, "echo", "private").ok().out());
        }
    }

    /** The docker CLI with its own config directory (so a login does not touch the user's credentials). */
    static DockerCli.Result withConfig(Path config, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DOCKER_HOST", DockerCli.HOST);
        pb.environment().put("DOCKER_CONFIG", config.toString());
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish");
        }
        return new DockerCli.Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] fileLayer(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setMode(0100644);
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
