package dev.berth.runtime.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
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

    /**
     * Renames, in place, the keys of {@code hostConfig} that name a field in another case to moby's spelling; as in
     * Go, when two keys name one field the later one's value wins.
     */
    public static void canonicalize(JsonNode hostConfig) {
        if (!(hostConfig instanceof ObjectNode hc)) {
            return;
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        boolean renamed = false;
        for (var it = hc.fields(); it.hasNext(); ) {
            var e = it.next();
            String canonical = BY_LOWER.getOrDefault(e.getKey().toLowerCase(Locale.ROOT), e.getKey());
            renamed |= !canonical.equals(e.getKey());
            out.put(canonical, e.getValue());
        }
        if (renamed) {
            hc.removeAll();
            hc.setAll(out);
        }
    }
}
