package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Testcontainers 2.x, unchanged, against berth: a busybox httpd started late behind an HTTP wait and a port wait,
 * reached from the test through its mapped port; files copied in before and after start and read back; exec with
 * its own stdout, stderr and exit code. Testcontainers' start-up checks run (only Ryuk is off).
 */
class TestcontainersGenericTest {
    static final DockerImageName BUSYBOX = LocalTestcontainersImages.BUSYBOX;

    @TempDir
    Path dir;

    @Test
    void httpWaitMappedPortCopiesAndExec() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // httpd only comes up after a second: start() returns once it answers 200 with the copied page
        try (GenericContainer<?> web = new GenericContainer<>(BUSYBOX)
                .withCopyToContainer(Transferable.of("hello " + tag + "\n"), "/www/index.html")
                .withCommand("sh", "-c", "sleep 1; exec httpd -f -p 8080 -h /www")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/index.html").forStatusCode(200)
                        .forResponsePredicate(body -> body.contains(tag)))) {
            web.start();
            String base = "http://" + web.getHost() + ":" + web.getMappedPort(8080);
            assertEquals("hello " + tag + "\n", Http.get(base + "/index.html"));

            ExecResult exec = web.execInContainer("sh", "-c", "cat /www/index.html; echo to-err >&2; exit 3");
            assertEquals(3, exec.getExitCode());
            assertEquals("hello " + tag + "\n", exec.getStdout());
            assertEquals("to-err\n", exec.getStderr());

            // copied in while running, from a host file (mode kept): served and read back
            Path page = dir.resolve("page.txt");
            Files.writeString(page, "page " + tag + "\n");
            web.copyFileToContainer(MountableFile.forHostPath(page, 0640), "/www/sub/page.txt");
            assertEquals("page " + tag + "\n", Http.get(base + "/sub/page.txt"));
            assertEquals("640\n", web.execInContainer("stat", "-c", "%a", "/www/sub/page.txt").getStdout());

            // made inside the container, copied out
            assertEquals(0, web.execInContainer("sh", "-c", "echo made-inside-" + tag + " > /tmp/made").getExitCode());
            assertEquals("made-inside-" + tag + "\n", web.copyFileFromContainer("/tmp/made",
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            Path local = dir.resolve("copied");
            web.copyFileFromContainer("/www/index.html", local.toString());
            assertEquals("hello " + tag + "\n", Files.readString(local));
        }
    }

    @Test
    void listeningPortWaitWaitsForTheServer() throws Exception {
        // two ports, both listening only after a delay: the default wait (forListeningPort) checks both, inside
        // the container and through the mapped ports
        try (GenericContainer<?> web = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "mkdir /w; echo a > /w/a; echo b > /w/b; sleep 1; httpd -p 81 -h /w; "
                        + "exec httpd -f -p 82 -h /w")
                .withExposedPorts(81, 82)
                .waitingFor(Wait.forListeningPort())) {
            long t0 = System.nanoTime();
            web.start();
            assertTrue(System.nanoTime() - t0 >= 900_000_000L, "start() waited for the listener");
            assertEquals("a\n", Http.get("http://" + web.getHost() + ":" + web.getMappedPort(81) + "/a"));
            assertEquals("b\n", Http.get("http://" + web.getHost() + ":" + web.getMappedPort(82) + "/b"));
            assertTrue(web.getMappedPort(81) != web.getMappedPort(82));
        }
    }
}
