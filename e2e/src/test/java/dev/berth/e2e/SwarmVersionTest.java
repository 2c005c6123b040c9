package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /version} as clients check it (a Docker engine version, berth as a component), and swarm endpoints
 * answering what dockerd answers when it is not in a swarm.
 */
class SwarmVersionTest {
    private static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or"
            + " \"docker swarm join\" to connect this node to swarm and try again.";
    private static final String NOT_IN_A_SWARM = "This node is not part of a swarm";

    @Test
    void serverVersionPassesClientsMinimumVersionChecks() {
        String version = docker("version", "--format", "{{.Server.Version}}").ok().trimmed();
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)").matcher(version);
        assertTrue(m.find(), "not a semver: " + version);
        int[] parts = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        // Testcontainers: "Docker server version should be at least 1.6.0"
        assertTrue(parts[0] > 1 || parts[0] == 1 && parts[1] >= 6, version);
        assertEquals(version, docker("info", "--format", "{{.ServerVersion}}").ok().trimmed());
    }

    @Test
    void berthIsNamedInComponentsAndPlatform() {
        String components = docker("version", "--format",
                "{{range .Server.Components}}{{.Name}}={{.Version}};{{end}}").ok().trimmed();
        assertTrue(components.contains("berth=0.1.0;"), components);
        assertTrue(components.startsWith("Engine="), components);
        assertEquals("berth 0.1.0", docker("version", "--format", "{{.Server.Platform.Name}}").ok().trimmed());
    }

    @Test
    void swarmCommandsFailAsOnADockerdOutsideASwarm() {
        for (String[] command : new String[][] {{"swarm", "join-token", "worker"}, {"service", "ls"}, {"secret", "ls"},
                {"config", "ls"}, {"swarm", "unlock-key"}}) {
            DockerCli.Result result = docker(command);
            assertNotEquals(0, result.exit(), String.join(" ", command));
            assertTrue(result.err().contains("Error response from daemon: " + NOT_A_MANAGER),
                    String.join(" ", command) + ": " + result.err());
        }
        DockerCli.Result leave = docker("swarm", "leave", "--force");
        assertNotEquals(0, leave.exit());
        assertTrue(leave.err().contains("Error response from daemon: " + NOT_IN_A_SWARM), leave.err());
        assertEquals("inactive", docker("info", "--format", "{{.Swarm.LocalNodeState}}").ok().trimmed());
    }

    @Test
    void swarmEndpointsAnswer503WithDockersMessage() throws IOException {
        String[][] requests = {{"GET", "/v1.44/swarm"}, {"POST", "/nodes/n1/update?version=1"}, {"GET", "/v1.55/services"},
            {"GET", "/tasks"}, {"GET", "/secrets"}, {"GET", "/configs"}, {"POST", "/swarm/init"},
            {"GET", "/swarm/unlockkey"}, {"DELETE", "/services/web"}};
        for (String[] r : requests) {
            String response = request(r[0], r[1]);
            assertTrue(response.startsWith("HTTP/1.1 503"), r[1] + " -> " + response);
            assertTrue(response.contains("application/json"), response);
            assertTrue(response.endsWith("{\"message\":\"" + NOT_A_MANAGER.replace("\"", "\\\"") + "\"}\n"),
                    r[1] + " -> " + response);
        }
        String leave = request("POST", "/v1.41/swarm/leave?force=1");
        assertTrue(leave.startsWith("HTTP/1.1 503"), leave);
        assertTrue(leave.endsWith("{\"message\":\"" + NOT_IN_A_SWARM + "\"}\n"), leave);
        String plugins = request("GET", "/plugins");
        assertTrue(plugins.startsWith("HTTP/1.1 200"), plugins);
        assertTrue(plugins.endsWith("[]\n"), plugins);
    }

    @Test
    void pluginCommandsFindNoPluginAsOnADockerdWithoutPlugins() throws IOException {
        for (String[] command : new String[][] {{"plugin", "inspect", "e2e/none:1"}, {"plugin", "rm", "e2e/none:1"},
                {"plugin", "enable", "e2e/none:1"}, {"plugin", "disable", "e2e/none:1"}}) {
            DockerCli.Result result = docker(command);
            assertNotEquals(0, result.exit(), String.join(" ", command));
            assertTrue(result.err().contains("plugin \"e2e/none:1\" not found"),
                    String.join(" ", command) + ": " + result.err());
        }
        String push = request("POST", "/v1.55/plugins/e2e/none:1/push");
        assertTrue(push.startsWith("HTTP/1.1 404"), push);
        String enable = request("POST", "/plugins/none/enable");
        assertTrue(enable.startsWith("HTTP/1.1 400"), enable);
        assertTrue(enable.endsWith("{\"message\":\"strconv.Atoi: parsing \\\"\\\": invalid syntax\"}\n"), enable);
    }

    private static String request(String method, String path) throws IOException {
        return SystemApiTest.raw(method + " " + path + " HTTP/1.1\r\nHost: berth\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
    }
}
