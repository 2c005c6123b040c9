package dev.berth.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** moby daemon/links/links_test.go, the same cases. */
class LinkEnvTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode ports(String... keys) {
        ObjectNode n = JSON.createObjectNode();
        for (String k : keys) {
            n.putObject(k);
        }
        return n;
    }

    private static List<String> sorted(List<String> env) {
        List<String> s = new ArrayList<>(env);
        s.sort(null);
        return s;
    }

    @Test
    void linkNaming() {
        assertEquals(List.of("DOCKER_1_NAME=/db/docker-1", "DOCKER_1_PORT=tcp://172.0.17.2:6379",
                "DOCKER_1_PORT_6379_TCP=tcp://172.0.17.2:6379", "DOCKER_1_PORT_6379_TCP_ADDR=172.0.17.2",
                "DOCKER_1_PORT_6379_TCP_PORT=6379", "DOCKER_1_PORT_6379_TCP_PROTO=tcp"),
                sorted(LinkEnv.of("/db/docker-1", "172.0.17.2", null, ports("6379/tcp"))));
    }

    @Test
    void childEnvButHomeAndPath() {
        assertEquals(List.of("DOCKER_ENV_PASSWORD=gordon", "DOCKER_NAME=/db/docker"),
                sorted(LinkEnv.of("/db/docker", "172.0.17.2", List.of("PASSWORD=gordon", "PATH=/bin", "HOME=/root",
                        "BARE"), null)));
    }

    @Test
    void multiplePortsWithARange() {
        assertEquals(List.of("DOCKER_ENV_PASSWORD=gordon", "DOCKER_NAME=/db/docker",
                "DOCKER_PORT=tcp://172.0.17.2:6379",
                "DOCKER_PORT_6300_UDP=udp://172.0.17.2:6300", "DOCKER_PORT_6300_UDP_ADDR=172.0.17.2",
                "DOCKER_PORT_6300_UDP_PORT=6300", "DOCKER_PORT_6300_UDP_PROTO=udp",
                "DOCKER_PORT_6379_TCP=tcp://172.0.17.2:6379", "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",
                "DOCKER_PORT_6379_TCP_END=tcp://172.0.17.2:6381", "DOCKER_PORT_6379_TCP_PORT=6379",
                "DOCKER_PORT_6379_TCP_PORT_END=6381", "DOCKER_PORT_6379_TCP_PORT_START=6379",
                "DOCKER_PORT_6379_TCP_PROTO=tcp", "DOCKER_PORT_6379_TCP_START=tcp://172.0.17.2:6379",
                "DOCKER_PORT_6380_TCP=tcp://172.0.17.2:6380", "DOCKER_PORT_6380_TCP_ADDR=172.0.17.2",
                "DOCKER_PORT_6380_TCP_PORT=6380", "DOCKER_PORT_6380_TCP_PROTO=tcp",
                "DOCKER_PORT_6381_TCP=tcp://172.0.17.2:6381", "DOCKER_PORT_6381_TCP_ADDR=172.0.17.2",
                "DOCKER_PORT_6381_TCP_PORT=6381", "DOCKER_PORT_6381_TCP_PROTO=tcp",
                "DOCKER_PORT_6382_UDP=udp://172.0.17.2:6382", "DOCKER_PORT_6382_UDP_ADDR=172.0.17.2",
                "DOCKER_PORT_6382_UDP_PORT=6382", "DOCKER_PORT_6382_UDP_PROTO=udp"),
                sorted(LinkEnv.of("/db/docker", "172.0.17.2", List.of("PASSWORD=gordon"),
                        ports("6300/udp", "6379/tcp", "6380/tcp", "6381/tcp", "6382/udp"))));
    }
}
