package dev.berth.runtime.isolation;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.HostSpec;
import java.util.Set;

/**
 * {@code --sysctl}: only namespaced ones, as Docker and runc allow them: IPC (kernel.msg*, kernel.sem, kernel.shm*,
 * fs.mqueue.*) unless the IPC namespace is the host's, {@code kernel.domainname} (UTS), and {@code net.*} only when the
 * container has its own network namespace. Anything else is a 400 with runc's wording, never a failed start.
 */
public final class Sysctls {
    private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private Sysctls() {
    }

    public static void check(HostSpec host) {
        boolean hostNet = host.hostNetwork();
        boolean hostIpc = "host".equals(host.ipcMode());
        boolean hostUts = "host".equals(host.utsMode());
        for (String name : host.sysctls().keySet()) {
            if (IPC.contains(name) || name.startsWith("fs.mqueue.")) {
                if (hostIpc) {
                    throw BerthException.invalid("sysctl \"" + name + "\" not allowed with host ipc namespace");
                }
            } else if (name.equals("kernel.domainname")) {
                if (hostUts) {
                    throw BerthException.invalid("sysctl \"" + name + "\" not allowed with host uts namespace");
                }
            } else if (name.startsWith("net.")) {
                if (hostNet) {
                    throw BerthException.invalid("sysctl \"" + name + "\" not allowed in host network namespace");
                }
            } else {
                throw BerthException.invalid("sysctl \"" + name + "\" is not in a separate kernel namespace");
            }
        }
    }
}
