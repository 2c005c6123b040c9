package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.compose;
import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three runtime nodes behind the one socket, as {@code BERTH_NODES=3 ./berth up} starts them (each in a network
 * namespace of its own): {@code docker node ls} lists them, and a docker-compose stack is spread over them and its
 * services find each other by name across the nodes (issue 17's "Done when").
 */
class ThreeNodesTest {
    private static final String PROJECT = "e2e3n" + UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> EXTRA = List.of("runtime-node-2", "runtime-node-3");
    private static Path projectDir;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        BerthUp.with(Map.of("BERTH_NODES", "3"), 240);
        Set<String> wanted = Set.of(SecondNode.name() + " Ready", SecondNode.firstName() + "-3 Ready");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!docker("node", "ls", "--format", "{{.Hostname}} {{.Status}}").ok().out().lines().toList()
                .containsAll(wanted)) {
            assertTrue(Instant.now().isBefore(deadline), "nodes 2 and 3 are not listed ready");
            Thread.sleep(500);
        }
        Thread.sleep(2500); // each node reads the other nodes' addresses once per heartbeat (2 s)
        projectDir = Files.createTempDirectory("berth-3n");
    }

    @AfterAll
    static void stopExtraNodes() throws Exception {
        if (projectDir != null) {
            compose(projectDir, "-p", PROJECT, "down", "-t", "1");
        }
        for (String process : EXTRA) {
            SecondNode.stopProcess(process);
        }
        docker("node", "rm", "--force", SecondNode.name(), SecondNode.firstName() + "-3");
        SecondNode.awaitAlone();
    }

    @Test
    void aComposeStackSpreadsOverTheNodesAndItsServicesFindEachOther() throws Exception {
        assertEquals(3, docker("node", "ls", "-q").ok().out().lines().filter(l -> !l.isBlank()).count());
        Files.writeString(projectDir.resolve("docker-compose.yml"), """
                version: "3"
                services:
                  web:
                    image: busybox
                    command: sh -c "echo hello-from-web > /tmp/index.html; exec httpd -f -p 80 -h /tmp"
                  app:
                    image: busybox
                    command: sleep 1000
                    depends_on: [web]
                """);
        compose(projectDir, "-p", PROJECT, "up", "-d").ok();
        String webNode = nodeOf(PROJECT + "_web_1");
        String appNode = nodeOf(PROJECT + "_app_1");
        assertNotEquals(webNode, appNode, "spread: the second service goes to another node");

        DockerCli.Result fetched = compose(projectDir, "-p", PROJECT, "exec", "-T", "app", "wget", "-q", "-O", "-",
                "http://web/");
        for (int i = 0; i < 20 && fetched.exit() != 0; i++) { // the web node learns of app within a beat at most
            Thread.sleep(500);
            fetched = compose(projectDir, "-p", PROJECT, "exec", "-T", "app", "wget", "-q", "-O", "-", "http://web/");
        }
        assertEquals("hello-from-web", fetched.trimmed(), "app on " + appNode + " → web on " + webNode + ": "
                + fetched.err());
    }

    private static String nodeOf(String container) {
        return docker("inspect", "--format", "{{.Node.Name}}", container).ok().trimmed();
    }
}
