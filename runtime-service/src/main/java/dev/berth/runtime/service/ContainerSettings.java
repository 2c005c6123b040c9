package dev.berth.runtime.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.ContainerSpec;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.health.HealthConfig;
import dev.berth.runtime.isolation.IsolationSpec;
import dev.berth.runtime.node.OciSpecWriter;
import dev.berth.runtime.node.Signals;
import dev.berth.runtime.restart.RestartPolicy;

/** The 400s of a create request's HostConfig and Healthcheck, before anything is prepared on the node. */
public final class ContainerSettings {
    private ContainerSettings() {
    }

    public static void check(JsonNode request) {
        ContainerSpec spec = ContainerSpecParser.request(request); // wrong JSON types: 400 naming the field
        RestartPolicy.check(spec.host().restartPolicy(), spec.host().autoRemove());
        IsolationSpec.check(spec.host(), facts());
        HealthConfig.check(spec.healthcheck());
        String stopSignal = request.path("StopSignal").asText("");
        if (!stopSignal.isEmpty()) {
            Signals.parse(stopSignal); // 400 Invalid signal: X
        }
        if (request.hasNonNull("StopTimeout") && request.get("StopTimeout").asInt() < -1) {
            throw BerthException.invalid("invalid stop timeout " + request.get("StopTimeout").asInt()
                    + ": it must be -1 (wait forever) or a number of seconds");
        }
    }

    static IsolationSpec.NodeFacts facts() {
        return IsolationSpec.NodeFacts.current(Math.min(OciSpecWriter.DEFAULT_NOFILE,
                OciSpecWriter.hostNofileHardLimit()));
    }
}
