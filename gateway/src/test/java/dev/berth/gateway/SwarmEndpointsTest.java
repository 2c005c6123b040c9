package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class SwarmEndpointsTest {

    @Test
    void managerActionsAreNotAManager() {
        String[][] requests = {
            {"GET", "/swarm"}, {"POST", "/swarm/init"}, {"POST", "/swarm/join"}, {"POST", "/swarm/update"},
            {"GET", "/swarm/unlockkey"}, {"POST", "/swarm/unlock"},
            {"POST", "/nodes/abc/update"},
            {"GET", "/services"}, {"POST", "/services/create"}, {"GET", "/services/web"},
            {"DELETE", "/services/web"}, {"POST", "/services/web/update"}, {"GET", "/services/web/logs"},
            {"GET", "/tasks"}, {"GET", "/tasks/t1"}, {"GET", "/tasks/t1/logs"},
            {"GET", "/secrets"}, {"POST", "/secrets/create"}, {"GET", "/secrets/s"}, {"DELETE", "/secrets/s"},
            {"POST", "/secrets/s/update"},
            {"GET", "/configs"}, {"POST", "/configs/create"}, {"GET", "/configs/c"}, {"DELETE", "/configs/c"},
            {"POST", "/configs/c/update"}, {"GET", "/services/"},
        };
        for (String[] r : requests) {
            SwarmEndpoints.Answer answer = SwarmEndpoints.answer(HttpMethod.valueOf(r[0]), r[1]);
            assertEquals(503, answer.status(), r[0] + " " + r[1]);
            assertEquals("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to"
                    + " connect this node to swarm and try again.", answer.message(), r[0] + " " + r[1]);
        }
    }

    @Test
    void leavingIsNotInASwarm() {
        SwarmEndpoints.Answer answer = SwarmEndpoints.answer(HttpMethod.POST, "/swarm/leave");
        assertEquals(503, answer.status());
        assertEquals("This node is not part of a swarm", answer.message());
    }

    @Test
    void noPluginsAreInstalled() {
        SwarmEndpoints.Answer answer = SwarmEndpoints.answer(HttpMethod.GET, "/plugins");
        assertEquals(200, answer.status());
        assertNull(answer.message());
        assertEquals("[]", answer.body());
    }

    @Test
    void pluginsLookedUpByNameAreNotFound() {
        String[][] requests = {
            {"GET", "/plugins/vieux/sshfs:latest/json"}, {"DELETE", "/plugins/vieux/sshfs:latest"},
            {"POST", "/plugins/vieux/sshfs:latest/disable"}, {"POST", "/plugins/vieux/sshfs:latest/push"},
        };
        for (String[] r : requests) {
            SwarmEndpoints.Answer answer = SwarmEndpoints.answer(HttpMethod.valueOf(r[0]), r[1]);
            assertEquals(404, answer.status(), r[0] + " " + r[1]);
            assertEquals("plugin \"vieux/sshfs:latest\" not found", answer.message(), r[0] + " " + r[1]);
        }
        // enable reads its timeout first, as moby's enablePlugin
        SwarmEndpoints.Answer enable = SwarmEndpoints.answer(HttpMethod.POST, "/plugins/p%2Fq/enable", "30");
        assertEquals(404, enable.status());
        assertEquals("plugin \"p/q\" not found", enable.message());
        SwarmEndpoints.Answer noTimeout = SwarmEndpoints.answer(HttpMethod.POST, "/plugins/p/enable", null);
        assertEquals(400, noTimeout.status());
        assertEquals("strconv.Atoi: parsing \"\": invalid syntax", noTimeout.message());
    }

    @Test
    void nodeReadsAreLeftToRuntimeService() {
        assertNull(SwarmEndpoints.answer(HttpMethod.GET, "/nodes"));
        assertNull(SwarmEndpoints.answer(HttpMethod.HEAD, "/nodes"));
        assertNull(SwarmEndpoints.answer(HttpMethod.GET, "/nodes/abc"));
        assertNull(SwarmEndpoints.answer(HttpMethod.DELETE, "/nodes/abc"));
        assertEquals(Owner.RUNTIME, Owner.of("/nodes/abc").orElseThrow());
    }

    @Test
    void pathsDockerdHasNoRouteForAreLeftAlone() {
        assertNull(SwarmEndpoints.answer(HttpMethod.GET, "/swarm/leave"));
        assertNull(SwarmEndpoints.answer(HttpMethod.GET, "/swarm/nothing"));
        assertNull(SwarmEndpoints.answer(HttpMethod.PUT, "/nodes"));
        assertNull(SwarmEndpoints.answer(HttpMethod.GET, "/nodes/a/b/c"));
        assertNull(SwarmEndpoints.answer(HttpMethod.GET, "/nodesx"));
        assertNull(SwarmEndpoints.answer(HttpMethod.GET, "/containers/json"));
        assertNull(SwarmEndpoints.answer(HttpMethod.POST, "/plugins/p/rename"));
    }
}
