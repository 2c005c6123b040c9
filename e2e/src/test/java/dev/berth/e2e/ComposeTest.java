package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.compose;
import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' docker-compose workflow with Debian's docker-compose (v1.29, docker-py) against berth: up -d makes
 * the project's network and named volume and starts the services in dependency order, the client only once the web
 * server's health check passes (depends_on condition: service_healthy); a service finds another by its name; the published port answers on the host; exec, run --rm, logs, stop/start, up --force-recreate (the
 * named volume keeps its data); down -v leaves no container, network or volume of the project.
 */
class ComposeTest {
    @TempDir
    Path project;

    @Test
    void upExecRunRecreateDown() throws Exception {
        String name = "e2ec" + UUID.randomUUID().toString().substring(0, 8);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(project.resolve("docker-compose.yml"), """
                services:
                  web:
                    image: busybox
                    command: sh -c "sleep 1; [ -f /www/index.html ] || echo first-boot > /www/index.html; exec httpd -f -p 80 -h /www"
                    healthcheck:
                      test: ["CMD", "wget", "-qO-", "http://127.0.0.1/index.html"]
                      interval: 1s
                      retries: 20
                    volumes:
                      - webdata:/www
                    ports:
                      - "127.0.0.1:%d:80"
                    stop_grace_period: 1s
                  client:
                    image: busybox
                    command: sh -c "wget -qO- http://web/index.html; exec sleep 300"
                    depends_on:
                      web:
                        condition: service_healthy
                    init: true
                volumes:
                  webdata:
                """.formatted(port));
        try {
            compose(project, "-p", name, "up", "-d").ok();
            assertEquals("healthy", docker("inspect", "-f", "{{.State.Health.Status}}", name + "_web_1").ok().trimmed());
            assertEquals("running running", docker("inspect", "-f", "{{.State.Status}}", name + "_web_1").ok().trimmed()
                    + " " + docker("inspect", "-f", "{{.State.Status}}", name + "_client_1").ok().trimmed());

            // by service name on the project's network, and from the host through the published port
            assertEquals("first-boot\n", waitForLog(name, "client", "first-boot"));
            assertEquals("first-boot\n", Http.get("http://127.0.0.1:" + port + "/index.html"));

            // exec into a service, run a one-off container of another
            compose(project, "-p", name, "exec", "-T", "web", "sh", "-c", "echo changed > /www/index.html").ok();
            String once = compose(project, "-p", name, "run", "--rm", "client", "wget", "-qO-",
                    "http://web/index.html").ok().out();
            assertTrue(once.contains("changed"), once);

            // stop and start; recreate: the named volume keeps what was written
            compose(project, "-p", name, "stop").ok();
            assertEquals("exited", docker("inspect", "-f", "{{.State.Status}}", name + "_web_1").ok().trimmed());
            compose(project, "-p", name, "start").ok();
            compose(project, "-p", name, "up", "-d", "--force-recreate").ok();
            assertEquals("changed\n", Http.getEventually("http://127.0.0.1:" + port + "/index.html"));
            String ps = compose(project, "-p", name, "ps").ok().out();
            assertTrue(ps.contains(name + "_web_1") && ps.contains(name + "_client_1") && ps.contains("Up"), ps);
        } finally {
            compose(project, "-p", name, "down", "-v");
        }
        assertEquals("", docker("ps", "-a", "-q", "--filter", "name=" + name).ok().trimmed());
        assertEquals("", docker("network", "ls", "-q", "--filter", "name=" + name).ok().trimmed());
        assertEquals("", docker("volume", "ls", "-q", "--filter", "name=" + name).ok().trimmed());
    }

    private String waitForLog(String name, String service, String wanted) throws InterruptedException {
        String logs = "";
        for (int i = 0; i < 50 && !logs.contains(wanted); i++) {
            Thread.sleep(100);
            logs = docker("logs", name + "_" + service + "_1").out();
        }
        return logs;
    }
}
