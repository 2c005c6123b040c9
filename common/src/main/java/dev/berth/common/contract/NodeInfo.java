package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * runtime-service's part of Docker's {@code /info} (its containers and the node's facts); the gateway adds the
 * engine-wide fields (Images, ServerVersion, Plugins, …) and takes {@code KernelVersion} for {@code /version}.
 */
@WireContract(doc = "design", value = "runtime-service → gateway, answer to `GET /internal/info`")
public record NodeInfo(
        @JsonProperty("Containers") int containers,
        @JsonProperty("ContainersRunning") long containersRunning,
        @JsonProperty("ContainersPaused") long containersPaused,
        @JsonProperty("ContainersStopped") long containersStopped,
        @JsonProperty("KernelVersion") String kernelVersion,
        @JsonProperty("OperatingSystem") String operatingSystem,
        @JsonProperty("OSType") String osType,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("NCPU") int ncpu,
        @JsonProperty("MemTotal") long memTotal,
        @JsonProperty("CgroupDriver") String cgroupDriver,
        @JsonProperty("CgroupVersion") String cgroupVersion,
        @JsonProperty("Runtimes") Map<String, Map<String, String>> runtimes,
        @JsonProperty("DefaultRuntime") String defaultRuntime,
        @JsonProperty("Name") String name,
        @JsonProperty("ID") String id,
        @JsonProperty("DockerRootDir") String dockerRootDir,
        // the nodes, as classic swarm listed them (docker info prints each pair as " key: value")
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SystemStatus") List<List<String>> systemStatus) {

    public NodeInfo withSystemStatus(List<List<String>> status) {
        return new NodeInfo(containers, containersRunning, containersPaused, containersStopped, kernelVersion,
                operatingSystem, osType, architecture, ncpu, memTotal, cgroupDriver, cgroupVersion, runtimes,
                defaultRuntime, name, id, dockerRootDir, status);
    }
}
