package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Network names are free-form, as dockerd's (libnetwork checks only that a name is not blank): docker-py's
 * integration suite names networks like "dockerpytest 01". A blank name is refused with dockerd's message.
 */
class NetworkNamesTest {

    @Test
    void aNameWithASpaceIsCreatedInspectedAndRemoved() throws Exception {
        String name = "e2e net " + UUID.randomUUID().toString().substring(0, 8);
        try {
            RawDocker.Response created = RawDocker.call("POST", "/networks/create",
                    "{\"Name\":\"" + name + "\"}");
            assertEquals(201, created.status(), created.text());
            String id = created.json().path("Id").asText();

            String path = "/networks/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
            RawDocker.Response inspected = RawDocker.call("GET", path, null);
            assertEquals(200, inspected.status(), inspected.text());
            assertEquals(name, inspected.json().path("Name").asText());
            assertEquals(id, inspected.json().path("Id").asText());

            assertEquals(name, docker("network", "inspect", "-f", "{{.Name}}", id).ok().trimmed());
            assertTrue(docker("network", "ls", "--format", "{{.Name}}").ok().out().lines().anyMatch(name::equals));
            docker("network", "rm", name).ok();
        } finally {
            docker("network", "rm", name);
        }
    }

    @Test
    void otherCharactersThanTheContainerNameOnesAreAccepted() {
        String name = "_e2e+net@" + UUID.randomUUID().toString().substring(0, 8);
        try {
            docker("network", "create", name).ok();
            assertEquals(name, docker("network", "inspect", "-f", "{{.Name}}", name).ok().trimmed());
        } finally {
            docker("network", "rm", name);
        }
    }

    @Test
    void aBlankNameIsRefusedAsDockerdRefusesIt() throws Exception {
        for (String blank : new String[] {"", "   "}) {
            RawDocker.Response r = RawDocker.call("POST", "/networks/create", "{\"Name\":\"" + blank + "\"}");
            assertEquals(400, r.status(), r.text());
            assertEquals("invalid name: name is empty", r.json().path("message").asText(), r.text());
        }
    }
}
