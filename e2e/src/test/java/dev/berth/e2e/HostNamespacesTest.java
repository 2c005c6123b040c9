package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code --pid host}, {@code --ipc host} and {@code --uts host}: the container is in the host's namespace, as with dockerd. */
class HostNamespacesTest {

    private static String hostNamespace(String type) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns", type)).toString();
    }

    private static String containerNamespace(String type, String... options) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--rm", "--network", "none"));
        args.addAll(java.util.List.of(options));
        args.addAll(java.util.List.of("busybox", "readlink", "/proc/self/ns/" + type));
        return docker(args.toArray(String[]::new)).ok().trimmed();
    }

    @Test
    void eachHostModeJoinsTheHostsNamespaceAndOnlyThatOne() throws IOException {
        for (String type : new String[] {"pid", "ipc", "uts"}) {
            assertEquals(hostNamespace(type), containerNamespace(type, "--" + type, "host"), "--" + type + " host");
            assertNotEquals(hostNamespace(type), containerNamespace(type), type + " of its own by default");
        }
        assertNotEquals(hostNamespace("ipc"), containerNamespace("ipc", "--pid", "host"), "only the one asked for");
    }

    @Test
    void utsHostGivesTheHostsName() throws IOException {
        String hostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        assertEquals(hostName, docker("run", "--rm", "--network", "none", "--uts", "host", "busybox", "hostname")
                .ok().trimmed());
    }
}
