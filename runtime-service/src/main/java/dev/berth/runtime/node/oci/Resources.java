package dev.berth.runtime.node.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** runtime-spec {@code LinuxResources}: the cgroup settings runc writes (only what is set). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids) {

    public Resources withDevices(List<DeviceRule> rules) {
        return new Resources(rules, memory, cpu, pids);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Memory(Long limit, Long swap, Long reservation, Long swappiness, Boolean disableOOMKiller) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cpu(Long shares, Long period, Long quota, String cpus, String mems) {
    }

    public record Pids(long limit) {
    }
}
