package dev.berth.runtime.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * HostConfig's field names as moby's Go types spell them. dockerd decodes JSON with encoding/json, which matches a
 * key to a field case-insensitively, so {@code "CPURealtimePeriod"} (docker-py's spelling) is {@code CpuRealtimePeriod};
 * berth keeps the request's JSON, so such keys are renamed to moby's spelling first.
 */
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
    private static final Map<String, String> BY_LOWER = NAMES.stream()
            .collect(Collectors.toMap(n -> n.toLowerCase(Locale.ROOT), Function.identity()));

    private HostConfigKeys() {
    }

    /** Renames, in place, the keys of {@code hostConfig} that name a field in another case to moby's spelling. */
    public static void canonicalize(JsonNode hostConfig) {
        if (!(hostConfig instanceof ObjectNode hc)) {
            return;
        }
        List<String> keys = new ArrayList<>();
        hc.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            String canonical = BY_LOWER.get(key.toLowerCase(Locale.ROOT));
            if (canonical != null && !canonical.equals(key)) {
                JsonNode value = hc.remove(key);
                if (!hc.has(canonical)) {
                    hc.set(canonical, value);
                }
            }
        }
    }
}
