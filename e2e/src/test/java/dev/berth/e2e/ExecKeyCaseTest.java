package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An exec create's keys are matched to moby's ExecConfig fields case-insensitively, as Go's encoding/json matches
 * them: docker-py sends {@code "detachKeys"} (its config file's detachKeys; test_detach_with_config_file), which
 * dockerd takes as DetachKeys.
 */
class ExecKeyCaseTest {
    private final String name = "e2e-execcase-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void remove() {
        docker("rm", "-f", name);
    }

    @Test
    void lowerCaseKeysNameTheFields() throws Exception {
        docker("run", "-d", "--name", name, "busybox", "sleep", "600").ok();
        RawDocker.Response created = RawDocker.call("POST", "/containers/" + name + "/exec",
                "{\"cmd\":[\"cat\"],\"tty\":true,\"attachStdin\":true,\"detachKeys\":\"ctrl-x\"}");
        assertEquals(201, created.status(), created.text());
        JsonNode x = RawDocker.call("GET", "/exec/" + created.json().path("Id").asText() + "/json", null).json();
        assertEquals("GA==", x.path("DetachKeys").asText(), x.toString()); // ctrl-x, dockerd's []byte in base64
        assertEquals(true, x.path("ProcessConfig").path("tty").asBoolean(), x.toString());
        assertEquals("cat", x.path("ProcessConfig").path("entrypoint").asText(), x.toString());
        assertEquals(true, x.path("OpenStdin").asBoolean(), x.toString());
    }
}
