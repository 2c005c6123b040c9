package dev.berth.build.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.build.step.PlannedStep;
import java.util.List;

/** The create requests of a build's step containers: a RUN's, and the never-started one a COPY writes into. */
final class StepContainers {
    private StepContainers() {
    }

    /** @param mounts the step's HostConfig.Mounts ({@code RUN --mount}), maybe empty */
    static ObjectNode run(String parent, PlannedStep.Run run, BuildOptions options, ArrayNode mounts) {
        ObjectNode config = base(parent);
        strings(config, "Cmd", run.argv());
        strings(config, "Env", run.env());
        config.put("User", run.user());
        config.put("WorkingDir", run.workingDir());
        config.put("AttachStdout", true);
        config.put("AttachStderr", true);
        ObjectNode host = config.putObject("HostConfig");
        String network = run.network() != null && !run.network().isEmpty() && !run.network().equals("default")
                ? run.network() : options.networkMode();
        if (network != null && !network.isEmpty() && !network.equals("default")) {
            host.put("NetworkMode", network);
        }
        if (!mounts.isEmpty()) {
            host.set("Mounts", mounts);
        }
        if (!options.extraHosts().isEmpty()) {
            strings(host, "ExtraHosts", options.extraHosts());
        }
        BuildOptions.Limits limits = options.limits();
        putIfSet(host, "Memory", limits.memory());
        putIfSet(host, "MemorySwap", limits.memorySwap());
        putIfSet(host, "CpuShares", limits.cpuShares());
        putIfSet(host, "CpuPeriod", limits.cpuPeriod());
        putIfSet(host, "CpuQuota", limits.cpuQuota());
        putIfSet(host, "ShmSize", limits.shmSize());
        if (limits.cpusetCpus() != null) {
            host.put("CpusetCpus", limits.cpusetCpus());
        }
        if (limits.cpusetMems() != null) {
            host.put("CpusetMems", limits.cpusetMems());
        }
        return config;
    }

    /** A container that is only written into (COPY): never started, so its command does not matter. */
    static ObjectNode writeTarget(String parent) {
        ObjectNode config = base(parent);
        strings(config, "Cmd", List.of("berth-build-copy"));
        config.putObject("HostConfig").put("NetworkMode", "none");
        return config;
    }

    private static ObjectNode base(String parent) {
        ObjectNode config = ImageConfigJson.JSON.createObjectNode();
        config.put("Image", parent);
        strings(config, "Entrypoint", List.of(""));
        strings(config.putObject("Healthcheck"), "Test", List.of("NONE"));
        config.putObject("Labels").put("dev.berth.build-step", "true");
        return config;
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    private static void putIfSet(ObjectNode node, String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
