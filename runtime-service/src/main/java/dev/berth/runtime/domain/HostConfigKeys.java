package dev.berth.runtime.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** HostConfig's field names as moby's Go types spell them ({@link GoJsonKeys}). */
public final class HostConfigKeys {
    /** moby api/types/container HostConfig and its embedded Resources. */
    static final List<String> NAMES = List.of("Binds", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings",
            "RestartPolicy", "AutoRemove", "VolumeDriver", "VolumesFrom", "ConsoleSize", "Annotations", "CapAdd",
            "CapDrop", "CgroupnsMode", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "IpcMode", "Cgroup",
            "Links", "OomScoreAdj", "PidMode", "Privileged", "PublishAllPorts", "ReadonlyRootfs", "SecurityOpt",
            "StorageOpt", "Tmpfs", "UTSMode", "UsernsMode", "ShmSize", "Sysctls", "Runtime", "Isolation", "Mounts",
            "MaskedPaths", "ReadonlyPaths", "Init",
            "CpuShares", "Memory", "NanoCpus", "CgroupParent", "BlkioWeight", "BlkioWeightDevice",
            "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "CpuPeriod",
            "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime", "CpusetCpus", "CpusetMems", "Devices",
            "DeviceCgroupRules", "DeviceRequests", "KernelMemory", "KernelMemoryTCP", "MemoryReservation",
            "MemorySwap", "MemorySwappiness", "OomKillDisable", "PidsLimit", "Ulimits", "CpuCount", "CpuPercent",
            "IOMaximumIOps", "IOMaximumBandwidth");
    private static final GoJsonKeys KEYS = new GoJsonKeys(NAMES);

    private HostConfigKeys() {
    }

    /**
     * Renames, in place, the keys of {@code hostConfig} that name a field in another case to moby's spelling; as in
     * Go, when two keys name one field the later one's value wins.
     */
    public static void canonicalize(JsonNode hostConfig) {
        KEYS.canonicalize(hostConfig);
    }
}
