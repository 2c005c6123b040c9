package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --network host}: the container is named as the host (moby daemon/container.go), unless --hostname says otherwise. */
class HostNetworkHostnameTest {
    private final String name = "e2e-rs-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void remove() {
        docker("rm", "-f", name);
    }

    @Test
    void hostNetworkGivesTheHostsName() throws Exception {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertEquals(host + "\n", docker("run", "--name", name, "--network", "host", "busybox", "hostname").ok().out());
        assertEquals(host, docker("inspect", "-f", "{{.Config.Hostname}}", name).ok().trimmed());
        docker("rm", name).ok();
        // an explicit --hostname still wins
        assertEquals("given\n", docker("run", "--name", name, "--network", "host", "--hostname", "given", "busybox",
                "hostname").ok().out());
    }
}
