package dev.berth.runtime.spec;

import java.util.List;
import java.util.Map;

/**
 * The HostConfig settings that decide how a container is isolated on the node: namespaces' modes, limits,
 * privileges, devices, rlimits, sysctls and tmpfs mounts ({@code tmpfs}: destination to options); what happens
 * when it exits (restart policy, auto-remove); its mounts ({@code -v} binds as written, {@code --mount} specs,
 * {@code --volumes-from} references), legacy links ({@code name:alias}) and published ports.
 */
public record HostSpec(String networkMode, String ipcMode, String pidMode, String utsMode, Resources resources,
        Security security, List<Ulimit> ulimits, List<DeviceMapping> devices, Map<String, String> sysctls,
        Map<String, String> tmpfs, RestartSpec restartPolicy, boolean autoRemove, List<String> binds, List<MountSpec> mounts,
        List<String> volumesFrom, List<String> links, PortsSpec ports) {

    public boolean hostNetwork() {
        return "host".equals(networkMode);
    }

    /** The namespaces shared with the host ({@code --pid host}, {@code --ipc host}, {@code --uts host}): "pid", "ipc", "uts". */
    public java.util.Set<String> hostNamespaces() {
        java.util.Set<String> shared = new java.util.TreeSet<>();
        if ("host".equals(pidMode)) {
            shared.add("pid");
        }
        if ("host".equals(ipcMode)) {
            shared.add("ipc");
        }
        if ("host".equals(utsMode)) {
            shared.add("uts");
        }
        return shared;
    }
}
