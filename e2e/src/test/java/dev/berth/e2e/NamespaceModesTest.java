package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * HostConfig's IpcMode, PidMode and UTSMode at create, as dockerd checks them: a mode it does not know is a 400 in
 * its words, a {@code container:<x>} IPC or PID mode naming a missing container its 404, and nothing is made.
 */
class NamespaceModesTest {
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    private RawDocker.Response create(String name, String field, String mode) throws Exception {
        ObjectNode body = RawDocker.JSON.createObjectNode().put("Image", "busybox");
        body.putArray("Cmd").add("true");
        body.putObject("HostConfig").put(field, mode);
        return RawDocker.call("POST", "/containers/create?name=" + name, body.toString());
    }

    private void refused(String field, String mode, int status, String message) throws Exception {
        String name = "e2e-ns-refused-" + tag;
        RawDocker.Response r = create(name, field, mode);
        assertEquals(status, r.status(), field + " " + mode + ": " + r.text());
        assertEquals(message, r.json().path("message").asText(), field + " " + mode);
        DockerCli.Result inspect = docker("inspect", name);
        assertTrue(inspect.exit() != 0, field + " " + mode + " made a container: " + inspect.out());
    }

    @Test
    void unknownModesAndMissingContainersAreRefusedAsDockerdDoes() throws Exception {
        refused("IpcMode", "berth-bogus", 400, "invalid IPC mode: berth-bogus");
        refused("PidMode", "private", 400, "invalid PID mode: private");
        refused("PidMode", "container:", 400, "invalid PID mode: container:");
        refused("UTSMode", "berth-bogus", 400, "invalid UTS mode: berth-bogus");
        String missing = "e2e-ns-missing-" + tag;
        refused("IpcMode", "container:" + missing, 404, "No such container: " + missing);
        refused("PidMode", "container:" + missing, 404, "No such container: " + missing);
        // (not through the docker CLI: it reads any 404 of create as a missing image and tries to pull it)
    }

    @Test
    void theModesDockerdAcceptsMakeTheContainer() throws Exception {
        String donor = "e2e-ns-donor-" + tag;
        String name = "e2e-ns-ok-" + tag;
        try {
            docker("create", "--name", donor, "busybox", "sleep", "60").ok();
            for (String[] mode : new String[][] {{"IpcMode", "shareable"}, {"IpcMode", "container:" + donor},
                    {"PidMode", "container:" + donor}, {"PidMode", "host"}, {"UTSMode", "host"},
                    {"UsernsMode", "berth-bogus"}}) { // dockerd's API takes any UsernsMode; the CLI checks --userns
                RawDocker.Response r = create(name, mode[0], mode[1]);
                assertEquals(201, r.status(), mode[0] + " " + mode[1] + ": " + r.text());
                docker("rm", "-f", name).ok();
            }
        } finally {
            docker("rm", "-f", name, donor);
        }
    }
}
