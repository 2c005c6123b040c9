package dev.berth.runtime.spec;

/**
 * HostConfig's resource limits (Docker's {@code container.Resources} plus OomScoreAdj and ShmSize); 0 is unset.
 * {@code memorySwappiness} and {@code pidsLimit} are Docker's pointers: null is unset.
 */
public record Resources(long memory, long memorySwap, long memoryReservation, Long memorySwappiness,
        boolean oomKillDisable, long nanoCpus, long cpuShares, long cpuPeriod, long cpuQuota, long cpuRealtimePeriod,
        long cpuRealtimeRuntime, String cpusetCpus, String cpusetMems, Long pidsLimit, int oomScoreAdj,
        long shmSize) {
}
