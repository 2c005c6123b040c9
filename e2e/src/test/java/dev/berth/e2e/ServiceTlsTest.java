package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Services on several machines speak TLS to each other: a second berth instance on this host (side instance 7,
 * {@code infra/side-instance.sh}) started with {@code BERTH_SERVICE_TLS=1} runs containers through the unchanged
 * Docker socket while every service port takes HTTPS only, with a certificate of the cluster CA, and still wants
 * the service token. The instance is removed afterwards ({@code down --purge}).
 */
class ServiceTlsTest {
    private static final Path ROOT = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
    private static final int SIDE = 7;
    private static final Path DATA = Path.of("/var/lib/berth-" + SIDE);
    private static final String SOCKET = "unix:///run/berth-" + SIDE + "/docker.sock";
    private static final int RUNTIME_PORT = 7103 + 100 * SIDE;

    @BeforeAll
    static void up() throws Exception {
        DockerCli.Result up = side("BERTH_SERVICE_TLS=1 BERTH_SKIP_BUILD=1 BERTH_WARMUP_RUNS=1 ./berth up");
        assertEquals(0, up.exit(), "side instance up:\n" + up.out() + up.err());
    }

    @AfterAll
    static void down() throws Exception {
        DockerCli.Result down = side("./berth down --purge");
        assertEquals(0, down.exit(), "side instance down:\n" + down.out() + down.err());
    }

    @Test
    void containersRunWhileTheServicesSpeakTlsOnly() throws Exception {
        DockerCli.Result run = command(List.of("docker", "-H", SOCKET, "run", "--rm", "busybox", "echo", "over tls"));
        assertEquals(0, run.exit(), run.err());
        assertEquals("over tls\n", run.out());

        String url = "://127.0.0.1:" + RUNTIME_PORT + "/containers/json";
        DockerCli.Result plain = curl(List.of("http" + url));
        assertFalse(plain.out().startsWith("200") || plain.out().startsWith("401"),
                "plain HTTP answered on a TLS-only service port: " + plain.out());

        Path ca = DATA.resolve("tls/ca.pem");
        assertTrue(Files.isRegularFile(ca), "no cluster CA at " + ca);
        assertEquals("401", curl(List.of("--cacert", ca.toString(), "https" + url)).out(),
                "HTTPS without the service token");
        Path header = DATA.resolve("secrets/service-token.header");
        assertEquals("200", curl(List.of("--cacert", ca.toString(), "-H", "@" + header, "https" + url)).out(),
                "HTTPS with the cluster CA and the service token");
        DockerCli.Result untrusted = curl(List.of("-H", "@" + header, "https" + url));
        assertFalse(untrusted.out().startsWith("2"), "a certificate outside the system's trust store was accepted");
    }

    private static DockerCli.Result curl(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "10"));
        command.addAll(args);
        return command(command);
    }

    /** Runs a command line in the side instance's environment, none of this instance's settings or secrets. */
    private static DockerCli.Result side(String line) throws Exception {
        return command(List.of("env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME=/root", "bash", "-c", "cd " + ROOT + " && source infra/side-instance.sh " + SIDE + " && " + line));
    }

    private static DockerCli.Result command(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(6, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new DockerCli.Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
