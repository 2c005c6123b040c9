package dev.berth.runtime.isolation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.json.StrictJson;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.HostSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceModesTest {
    private static HostSpec host(String field, String mode) {
        return ContainerSpecParser.request(StrictJson.JSON.createObjectNode().put("Image", "busybox")
                .set("HostConfig", StrictJson.JSON.createObjectNode().put(field, mode))).host();
    }

    private static String refusal(String field, String mode) {
        BerthException e = assertThrows(BerthException.class, () -> NamespaceModes.check(host(field, mode)));
        assertEquals(ErrorKind.INVALID, e.kind());
        return e.getMessage();
    }

    @Test
    void acceptsTheModesDockerdAccepts() {
        for (String ipc : List.of("", "none", "private", "shareable", "host", "container:db", "container:")) {
            assertDoesNotThrow(() -> NamespaceModes.check(host("IpcMode", ipc)), ipc);
        }
        for (String pid : List.of("", "host", "container:db")) {
            assertDoesNotThrow(() -> NamespaceModes.check(host("PidMode", pid)), pid);
        }
        for (String uts : List.of("", "host")) {
            assertDoesNotThrow(() -> NamespaceModes.check(host("UTSMode", uts)), uts);
        }
        // dockerd takes any UsernsMode through the API (only the CLI's --userns is checked)
        assertDoesNotThrow(() -> NamespaceModes.check(host("UsernsMode", "berth-bogus")));
    }

    @Test
    void refusesOthersInDockerdsWords() {
        assertEquals("invalid IPC mode: berth-bogus", refusal("IpcMode", "berth-bogus"));
        assertEquals("invalid IPC mode: Host", refusal("IpcMode", "Host"));
        assertEquals("invalid PID mode: berth-bogus", refusal("PidMode", "berth-bogus"));
        assertEquals("invalid PID mode: container:", refusal("PidMode", "container:"));
        assertEquals("invalid PID mode: private", refusal("PidMode", "private"));
        assertEquals("invalid UTS mode: berth-bogus", refusal("UTSMode", "berth-bogus"));
        assertEquals("invalid UTS mode: private", refusal("UTSMode", "private"));
    }

    @Test
    void donorsAreTheContainersTheIpcAndPidModesJoinOnceEach() {
        HostSpec both = ContainerSpecParser.request(StrictJson.JSON.createObjectNode().put("Image", "busybox")
                .set("HostConfig", StrictJson.JSON.createObjectNode().put("IpcMode", "container:db")
                        .put("PidMode", "container:db"))).host();
        assertEquals(List.of("db"), NamespaceModes.donors(both));
        assertEquals(List.of("web"), NamespaceModes.donors(host("PidMode", "container:web")));
        assertEquals(List.of(), NamespaceModes.donors(host("IpcMode", "container:")));
        assertEquals(List.of(), NamespaceModes.donors(host("IpcMode", "host")));
    }
}
