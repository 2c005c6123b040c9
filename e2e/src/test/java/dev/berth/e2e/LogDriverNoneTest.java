package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-driver none} as dockerd: accepted, nothing kept, no LogPath, and reading the logs is a 501 "configured
 * logging driver does not support reading" (moby daemon/logs.go); an unknown driver is refused at create.
 */
class LogDriverNoneTest {
    private final String name = "e2e-rs-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void remove() {
        docker("rm", "-f", name);
    }

    @Test
    void logDriverNoneKeepsNothingAndLogsSaySo() throws Exception {
        docker("run", "--name", name, "--network", "none", "--log-driver", "none", "busybox", "echo", "hello").ok();
        assertEquals("none", docker("inspect", "-f", "{{.HostConfig.LogConfig.Type}}", name).ok().trimmed());
        assertEquals("", docker("inspect", "-f", "{{.LogPath}}", name).ok().trimmed());
        RawDocker.Response r = RawDocker.call("GET", "/containers/" + name + "/logs?stdout=1&stderr=1", null);
        assertEquals(501, r.status(), r.head() + r.text());
        assertEquals("configured logging driver does not support reading", r.json().path("message").asText());
        DockerCli.Result logs = docker("logs", name);
        assertTrue(logs.exit() != 0 && logs.err().contains("configured logging driver does not support reading"),
                logs.err());

        DockerCli.Result unknown = docker("create", "--log-driver", "nosuchdriver", "busybox", "true");
        assertTrue(unknown.exit() != 0 && unknown.err().contains("logger: no log driver named 'nosuchdriver' is registered"),
                unknown.err());
    }
}
