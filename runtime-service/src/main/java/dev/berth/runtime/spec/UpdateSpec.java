package dev.berth.runtime.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code docker update} body (moby's UpdateConfig): the resource limits, where zero (or "") keeps the current
 * value; {@code pidsLimit} null keeps it, zero or less lifts it; {@code restartPolicy} null keeps the policy.
 */
public record UpdateSpec(long memory, long memorySwap, long memoryReservation, long nanoCpus, long cpuShares,
        long cpuQuota, long cpuPeriod, long blkioWeight, String cpusetCpus, String cpusetMems, Long pidsLimit,
        RestartSpec restartPolicy) {

    /** The numeric limits by HostConfig field name, in a fixed order. */
    public Map<String, Long> numbers() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("Memory", memory);
        out.put("MemorySwap", memorySwap);
        out.put("MemoryReservation", memoryReservation);
        out.put("NanoCpus", nanoCpus);
        out.put("CpuShares", cpuShares);
        out.put("CpuQuota", cpuQuota);
        out.put("CpuPeriod", cpuPeriod);
        out.put("BlkioWeight", blkioWeight);
        return out;
    }

    /** The cpuset limits by HostConfig field name. */
    public Map<String, String> texts() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("CpusetCpus", cpusetCpus);
        out.put("CpusetMems", cpusetMems);
        return out;
    }

    /** Whether a running container's limits change (runc update), as opposed to only its restart policy. */
    public boolean changesResources() {
        return numbers().values().stream().anyMatch(v -> v != 0) || texts().values().stream().anyMatch(
                v -> !v.isEmpty()) || pidsLimit != null;
    }
}
