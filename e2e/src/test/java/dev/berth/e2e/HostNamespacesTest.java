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
        String[] args = new String[options.length + 6];
        args[0] = "run";
        args[1] = "--rm";
        args[2] = "--network";
        args[3] = "none";
        System.arraycopy(options, 0, args, 4, options.length);
        args[4 + options.length] = "busybox";
        args[5 + options.length] = "readlink /proc/self/ns/" + type;
        return docker(concat(args)).ok().trimmed();
    }

    private static String[] concat(String[] args) {
        // the last element is the command line: run it with sh -c
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length - 1);
        all[args.length - 1] = "sh";
        all[args.length] = "-c";
        all[args.length + 1] = args[args.length - 1];
        return all;
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
