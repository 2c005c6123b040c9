package dev.berth.runtime.isolation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.Resources;
import dev.berth.runtime.node.oci.Resources.Cpu;
import dev.berth.runtime.node.oci.Resources.Memory;
import dev.berth.runtime.node.oci.Resources.Pids;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * HostConfig's resource limits (Memory, MemorySwap, MemoryReservation, NanoCpus, CpuShares, CpuQuota, CpuPeriod,
 * CpusetCpus, PidsLimit): Docker's checks and defaults (moby daemon_unix.go verifyPlatformContainerResources and
 * adaptContainerSettings) and the OCI {@code linux.resources} they become (runc writes the cgroup v1 or v2 files).
 */
public final class ResourceLimits {
    static final long MIN_MEMORY = 6 * 1024 * 1024;
    static final long DEFAULT_CPU_PERIOD = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Memory NO_MEMORY = new Memory(null, null, null, null, null);
    private static final Cpu NO_CPU = new Cpu(null, null, null, null, null);

    private ResourceLimits() {
    }

    /** Docker's checks of a container's limits (create, and update with the merged values). */
    public static void check(JsonNode hc, int cpus) {
        check(ContainerSpecParser.hostConfig(hc).resources(), cpus);
    }

    /** Docker's checks of a container's limits. */
    public static void check(Resources r, int cpus) {
        long memory = r.memory();
        long swap = r.memorySwap();
        long reservation = r.memoryReservation();
        if (memory < 0 || reservation < 0) {
            throw BerthException.invalid("invalid memory value: it must not be negative");
        }
        if (memory > 0 && memory < MIN_MEMORY) {
            throw BerthException.invalid("Minimum memory limit allowed is 6MB");
        }
        if (swap > 0 && memory == 0) {
            throw BerthException.invalid(
                    "You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (memory > 0 && swap > 0 && swap < memory) {
            throw BerthException.invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (memory > 0 && reservation > 0 && memory < reservation) {
            throw BerthException.invalid(
                    "Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (reservation > 0 && reservation < MIN_MEMORY) {
            throw BerthException.invalid("Minimum memory reservation allowed is 6MB");
        }
        long nano = r.nanoCpus();
        long quota = r.cpuQuota();
        long period = r.cpuPeriod();
        if (nano > 0 && period > 0) {
            throw BerthException.invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (nano > 0 && quota > 0) {
            throw BerthException.invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        if (nano < 0 || nano > (long) cpus * 1_000_000_000L) {
            throw BerthException.invalid("Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus
                    + " CPUs available");
        }
        if (period != 0 && (period < 1000 || period > 1_000_000)) {
            throw BerthException.invalid(
                    "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1 second (i.e. 1000000)");
        }
        if (quota > 0 && quota < 1000) {
            throw BerthException.invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        long rtPeriod = r.cpuRealtimePeriod();
        long rtRuntime = r.cpuRealtimeRuntime();
        if (rtPeriod != 0 && rtRuntime != 0 && rtRuntime > rtPeriod) {
            throw BerthException.invalid("cpu-rt-runtime cannot be higher than cpu-rt-period");
        }
        if (r.cpuShares() < 0) {
            throw BerthException.invalid("invalid CPU shares: it must not be negative");
        }
        String cpuset = r.cpusetCpus();
        if (!cpuset.isEmpty()) {
            TreeSet<Integer> wanted = parseCpuset(cpuset);
            if (wanted == null) {
                throw BerthException.invalid("Invalid value " + cpuset + " for cpuset cpus");
            }
            if (!wanted.isEmpty() && wanted.last() >= cpus) {
                throw BerthException.invalid("Requested CPUs are not available - requested " + cpuset
                        + ", available: " + (cpus == 1 ? "0" : "0-" + (cpus - 1)));
            }
        }
        int oom = r.oomScoreAdj();
        if (oom < -1000 || oom > 1000) {
            throw BerthException.invalid("Invalid value " + oom + ", range for oom score adj is [-1000, 1000]");
        }
        Long swappiness = r.memorySwappiness();
        if (swappiness != null && (swappiness < -1 || swappiness > 100)) {
            throw BerthException.invalid("Invalid value: " + swappiness
                    + ", valid memory swappiness range is 0-100");
        }
        if (r.shmSize() < 0) {
            throw BerthException.invalid("SHM size can not be less than 0");
        }
    }

    /** Docker's normalisation: MemorySwap defaults to twice Memory; PidsLimit ≤ 0 means unlimited. */
    public static void normalize(ObjectNode hc) {
        long memory = hc.path("Memory").asLong(0);
        if (memory > 0 && hc.path("MemorySwap").asLong(0) == 0) {
            hc.put("MemorySwap", memory * 2);
        }
        if (hc.hasNonNull("PidsLimit") && hc.get("PidsLimit").asLong() <= 0) {
            hc.putNull("PidsLimit");
        }
    }

    /** {@code linux.resources} (without devices) for these limits; only what is set. */
    public static dev.berth.runtime.node.oci.Resources resources(Resources r) {
        Long limit = null;
        Long swap = null;
        if (r.memory() > 0) {
            limit = r.memory();
            swap = r.memorySwap() == 0 ? r.memory() * 2 : r.memorySwap();
        }
        Long swappiness = r.memorySwappiness();
        Memory mem = new Memory(limit, swap, r.memoryReservation() > 0 ? r.memoryReservation() : null,
                swappiness != null && swappiness >= 0 ? swappiness : null, r.oomKillDisable() ? true : null);
        Long period;
        Long quota;
        if (r.nanoCpus() > 0) {
            period = DEFAULT_CPU_PERIOD;
            quota = r.nanoCpus() * DEFAULT_CPU_PERIOD / 1_000_000_000L;
        } else {
            period = r.cpuPeriod() > 0 ? r.cpuPeriod() : null;
            quota = r.cpuQuota() != 0 ? r.cpuQuota() : null;
        }
        Cpu cpu = new Cpu(r.cpuShares() > 0 ? r.cpuShares() : null, period, quota,
                r.cpusetCpus().isEmpty() ? null : r.cpusetCpus(), r.cpusetMems().isEmpty() ? null : r.cpusetMems());
        Pids pids = r.pidsLimit() != null && r.pidsLimit() > 0 ? new Pids(r.pidsLimit()) : null;
        return new dev.berth.runtime.node.oci.Resources(null, mem.equals(NO_MEMORY) ? null : mem,
                cpu.equals(NO_CPU) ? null : cpu, pids);
    }

    /** The same as a map, for {@code runc update --resources}. */
    public static Map<String, Object> oci(JsonNode hc) {
        return JSON.convertValue(resources(ContainerSpecParser.hostConfig(hc).resources()), new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** "0-2,4" → {0,1,2,4}; null when malformed. */
    static TreeSet<Integer> parseCpuset(String spec) {
        TreeSet<Integer> out = new TreeSet<>();
        try {
            for (String part : spec.split(",")) {
                String p = part.strip();
                int dash = p.indexOf('-');
                if (dash < 0) {
                    out.add(Integer.parseInt(p));
                } else {
                    int from = Integer.parseInt(p.substring(0, dash));
                    int to = Integer.parseInt(p.substring(dash + 1));
                    if (from > to || from < 0) {
                        return null;
                    }
                    for (int i = from; i <= to; i++) {
                        out.add(i);
                    }
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }
}
