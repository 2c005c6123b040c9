package dev.berth.runtime.service;

import dev.berth.runtime.domain.ContainerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.isolation.ResourceLimits;
import dev.berth.runtime.restart.RestartPolicy;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.HostSpec;
import dev.berth.runtime.spec.RestartSpec;
import dev.berth.runtime.spec.UpdateSpec;
import dev.berth.runtime.spec.UpdateSpecParser;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * {@code docker update} ({@code POST /containers/{id}/update}): the restart policy and the resource limits. Fields
 * left at zero keep their value, as in dockerd. A running or paused container gets the new limits at once through
 * {@code runc update}; they are stored in HostConfig (so later starts use them) and an {@code update} event is
 * emitted. The answer is Docker's {@code {"Warnings": [...]}}.
 */
@ApplicationScoped
public class ContainerUpdater {
    @Inject
    VerbSupport support;

    public Uni<List<String>> update(String ref, JsonNode body) {
        UpdateSpec update;
        try {
            update = UpdateSpecParser.parse(body);
        } catch (BerthException e) {
            return Uni.createFrom().failure(e);
        }
        return support.lookup().find(ref).chain(c -> {
            ObjectNode hc = (ObjectNode) ContainerJson.readTree(c.hostConfig);
            ObjectNode merged = merge(c.id, hc, update);
            boolean live = c.isRunning() && !Container.RESTARTING.equals(c.state);
            Map<String, Object> resources = ResourceLimits.oci(merged);
            if (update.pidsLimit() != null && !merged.hasNonNull("PidsLimit")) {
                resources.put("pids", Map.of("limit", -1)); // back to unlimited
            }
            Uni<Void> apply = live && update.changesResources()
                    ? support.db().blocking(() -> {
                        support.node().updateResources(c.id, resources);
                        return null;
                    })
                    : Uni.createFrom().voidItem();
            return apply.chain(() -> support.db().tx(() -> support.db().locked(c.id).chain(x -> {
                if (x == null) {
                    return Uni.createFrom().failure(BerthException.notFound("No such container: " + ref));
                }
                x.hostConfig = merged.toString();
                return support.events().append("update", x, Map.of(), Map.of());
            }))).replaceWith(List.<String>of());
        });
    }

    /** The container's HostConfig with the update's non-zero fields; Docker's checks on the result. */
    static ObjectNode merge(String id, ObjectNode hc, UpdateSpec update) {
        ObjectNode merged = hc.deepCopy();
        HostSpec current = ContainerSpecParser.hostConfig(hc);
        long currentSwap = current.resources().memorySwap();
        if (update.memory() > 0 && update.memorySwap() == 0 && currentSwap > 0 && update.memory() > currentSwap) {
            throw BerthException.invalid("Cannot update container " + id + ": Memory limit should be smaller than "
                    + "already set memoryswap limit, update the memoryswap at the same time");
        }
        update.numbers().forEach((field, value) -> {
            if (value != 0) {
                merged.put(field, value);
            }
        });
        update.texts().forEach((field, value) -> {
            if (!value.isEmpty()) {
                merged.put(field, value);
            }
        });
        if (update.pidsLimit() != null) {
            if (update.pidsLimit() > 0) {
                merged.put("PidsLimit", update.pidsLimit());
            } else {
                merged.putNull("PidsLimit");
            }
        }
        if (update.nanoCpus() > 0 && current.resources().cpuQuota() > 0 && update.cpuQuota() == 0) {
            throw BerthException.invalid("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        }
        try {
            ResourceLimits.check(merged, Runtime.getRuntime().availableProcessors());
        } catch (BerthException e) {
            throw BerthException.invalid("Cannot update container " + id + ": " + e.getMessage());
        }
        RestartSpec policy = update.restartPolicy();
        if (policy != null) {
            if (current.autoRemove()) {
                throw BerthException.invalid("Cannot update container " + id
                        + ": Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            RestartPolicy.check(policy, false);
            ObjectNode stored = merged.putObject("RestartPolicy");
            stored.put("Name", policy.name());
            stored.put("MaximumRetryCount", policy.maximumRetryCount());
        }
        return merged;
    }
}
