package dev.berth.runtime.spec;

import java.util.List;
import java.util.Map;

/**
 * The HostConfig settings that decide how a container is isolated on the node: namespaces' modes, limits,
 * privileges, devices, rlimits, sysctls and tmpfs mounts ({@code tmpfs}: destination to options); what happens
 * when it exits (restart policy, auto-remove).
 */
public record HostSpec(String networkMode, String ipcMode, String utsMode, Resources resources, Security security,
        List<Ulimit> ulimits, List<DeviceMapping> devices, Map<String, String> sysctls, Map<String, String> tmpfs,
        RestartSpec restartPolicy, boolean autoRemove) {

    public boolean hostNetwork() {
        return "host".equals(networkMode);
    }
}
