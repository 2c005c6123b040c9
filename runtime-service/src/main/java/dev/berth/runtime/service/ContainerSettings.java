package dev.berth.runtime.service;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.ContainerSpec;
import dev.berth.runtime.health.HealthConfig;
import dev.berth.runtime.isolation.IsolationSpec;
import dev.berth.runtime.isolation.NamespaceModes;
import dev.berth.runtime.node.OciSpecWriter;
import dev.berth.runtime.node.Signals;
import dev.berth.runtime.restart.RestartPolicy;

/**
 * The 400s of a create request's HostConfig, Healthcheck and stop settings (its JSON types were checked by the
 * parser), before anything is prepared on the node.
 */
public final class ContainerSettings {
    private ContainerSettings() {
    }

    public static void check(ContainerSpec spec) {
        RestartPolicy.check(spec.host().restartPolicy(), spec.host().autoRemove());
        IsolationSpec.check(spec.host(), facts());
        NamespaceModes.check(spec.host());
        HealthConfig.check(spec.healthcheck());
        String stopSignal = spec.stop().signal();
        if (!stopSignal.isEmpty()) {
            Signals.parse(stopSignal); // 400 Invalid signal: X
        }
        Integer stopTimeout = spec.stop().timeout();
        if (stopTimeout != null && stopTimeout < -1) {
            throw BerthException.invalid("invalid stop timeout " + stopTimeout
                    + ": it must be -1 (wait forever) or a number of seconds");
        }
    }

    static IsolationSpec.NodeFacts facts() {
        return IsolationSpec.NodeFacts.current(Math.min(OciSpecWriter.DEFAULT_NOFILE,
                OciSpecWriter.hostNofileHardLimit()));
    }
}
