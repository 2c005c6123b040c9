package dev.berth.runtime.service;

import dev.berth.runtime.domain.ContainerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.isolation.ResourceLimits;
import dev.berth.runtime.restart.RestartPolicy;
import dev.berth.runtime.spec.ContainerSpecParser;
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
    private static final List<String> NUMBERS = List.of("Memory", "MemorySwap", "MemoryReservation", "NanoCpus",
            "CpuShares", "CpuQuota", "CpuPeriod", "BlkioWeight");
    private static final List<String> TEXTS = List.of("CpusetCpus", "CpusetMems");


    public Uni<List<String>> update(String ref, JsonNode body) {
        JsonNode update = body == null ? ContainerJson.object() : body;
        return support.lookup().find(ref).chain(c -> {
            ObjectNode hc = (ObjectNode) ContainerJson.readTree(c.hostConfig);
            ObjectNode merged = merge(c.id, hc, update);
            boolean live = c.isRunning() && !Container.RESTARTING.equals(c.state);
            Map<String, Object> resources = ResourceLimits.oci(merged);
            if (update.hasNonNull("PidsLimit") && !merged.hasNonNull("PidsLimit")) {
                resources.put("pids", Map.of("limit", -1)); // back to unlimited
            }
            Uni<Void> apply = live && changesResources(update)
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

    static boolean changesResources(JsonNode update) {
        for (String f : NUMBERS) {
            if (update.path(f).asLong(0) != 0) {
                return true;
            }
        }
        for (String f : TEXTS) {
            if (!update.path(f).asText("").isEmpty()) {
                return true;
            }
        }
        return update.hasNonNull("PidsLimit");
    }

    /** The container's HostConfig with the update's non-zero fields; Docker's checks on the result. */
    static ObjectNode merge(String id, ObjectNode hc, JsonNode update) {
        ObjectNode merged = hc.deepCopy();
        long memory = update.path("Memory").asLong(0);
        long swap = update.path("MemorySwap").asLong(0);
        long currentSwap = hc.path("MemorySwap").asLong(0);
        if (memory > 0 && swap == 0 && currentSwap > 0 && memory > currentSwap) {
            throw BerthException.invalid("Cannot update container " + id + ": Memory limit should be smaller than "
                    + "already set memoryswap limit, update the memoryswap at the same time");
        }
        for (String f : NUMBERS) {
            if (update.path(f).asLong(0) != 0) {
                merged.put(f, update.get(f).asLong());
            }
        }
        for (String f : TEXTS) {
            if (!update.path(f).asText("").isEmpty()) {
                merged.put(f, update.get(f).asText());
            }
        }
        if (update.hasNonNull("PidsLimit")) {
            long pids = update.get("PidsLimit").asLong();
            if (pids > 0) {
                merged.put("PidsLimit", pids);
            } else {
                merged.putNull("PidsLimit");
            }
        }
        if (update.path("NanoCpus").asLong(0) > 0) {
            if (hc.path("CpuQuota").asLong(0) > 0 && update.path("CpuQuota").asLong(0) == 0) {
                throw BerthException.invalid("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
            }
        }
        try {
            ResourceLimits.check(merged, Runtime.getRuntime().availableProcessors());
        } catch (BerthException e) {
            throw BerthException.invalid("Cannot update container " + id + ": " + e.getMessage());
        }
        JsonNode policy = update.get("RestartPolicy");
        if (policy != null && policy.isObject() && !policy.path("Name").asText("").isEmpty()) {
            if (hc.path("AutoRemove").asBoolean(false)) {
                throw BerthException.invalid("Cannot update container " + id
                        + ": Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            RestartPolicy.check(ContainerSpecParser.restartPolicy(policy), false);
            merged.set("RestartPolicy", policy);
        }
        return merged;
    }
}
