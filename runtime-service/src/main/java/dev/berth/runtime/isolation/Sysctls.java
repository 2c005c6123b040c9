package dev.berth.runtime.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.json.JsonMaps;
import java.util.Iterator;
import java.util.Map;
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

    public static void check(JsonNode hostConfig) {
        JsonNode sysctls = hostConfig.get("Sysctls");
        if (sysctls == null || !sysctls.isObject()) {
            return;
        }
        boolean hostNet = "host".equals(hostConfig.path("NetworkMode").asText(""));
        boolean hostIpc = "host".equals(hostConfig.path("IpcMode").asText(""));
        boolean hostUts = "host".equals(hostConfig.path("UTSMode").asText(""));
        Iterator<String> names = sysctls.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
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

    public static Map<String, String> oci(JsonNode sysctls) {
        return JsonMaps.strings(sysctls);
    }
}
