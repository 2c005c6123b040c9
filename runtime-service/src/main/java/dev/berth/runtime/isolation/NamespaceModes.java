package dev.berth.runtime.isolation;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.HostSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * HostConfig's IpcMode, PidMode and UTSMode as dockerd checks them at create (moby daemon/daemon_unix.go
 * verifyPlatformContainerSettings and the modes' {@code Valid()} in api/types/container/hostconfig.go), with its
 * words: {@code invalid IPC mode: x}. UsernsMode is not checked: dockerd takes any value (only the CLI's
 * {@code --userns} is checked), and so does NetworkMode's network, whose absence fails the start.
 */
public final class NamespaceModes {
    private static final String CONTAINER = "container:";

    private NamespaceModes() {
    }

    public static void check(HostSpec host) {
        String ipc = host.ipcMode();
        if (!(List.of("", "none", "private", "host", "shareable").contains(ipc) || ipc.startsWith(CONTAINER))) {
            throw BerthException.invalid("invalid IPC mode: " + ipc);
        }
        String pid = host.pidMode();
        if (!(pid.isEmpty() || pid.equals("host") || pid.startsWith(CONTAINER) && pid.length() > CONTAINER.length())) {
            throw BerthException.invalid("invalid PID mode: " + pid);
        }
        String uts = host.utsMode();
        if (!(uts.isEmpty() || uts.equals("host"))) {
            throw BerthException.invalid("invalid UTS mode: " + uts);
        }
    }

    /**
     * The containers whose namespaces the modes name ({@code container:<id or name>} of IpcMode and PidMode), which
     * must exist at create: dockerd looks them up then (for their SELinux labels) and refuses a missing one.
     */
    public static List<String> donors(HostSpec host) {
        List<String> donors = new ArrayList<>();
        for (String mode : List.of(host.ipcMode(), host.pidMode())) {
            if (mode.startsWith(CONTAINER) && mode.length() > CONTAINER.length()
                    && !donors.contains(mode.substring(CONTAINER.length()))) {
                donors.add(mode.substring(CONTAINER.length()));
            }
        }
        return donors;
    }
}
