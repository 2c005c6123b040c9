package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;

/** A {@code POST /containers/{id}/update} body → {@link UpdateSpec}, strictly (Go's wording for wrong types). */
public final class UpdateSpecParser {
    private UpdateSpecParser() {
    }

    public static UpdateSpec parse(JsonNode body) {
        WireObject u = WireObject.of(body, "UpdateConfig", "");
        RestartSpec policy = u.has("RestartPolicy")
                ? ContainerSpecParser.restart(u.object("RestartPolicy", "RestartPolicy")) : null;
        return new UpdateSpec(u.int64("Memory"), u.int64("MemorySwap"), u.int64("MemoryReservation"),
                u.int64("NanoCpus"), u.int64("CpuShares"), u.int64("CpuQuota"), u.int64("CpuPeriod"),
                u.unsigned("BlkioWeight", "uint16", 0xFFFF), u.string("CpusetCpus"), u.string("CpusetMems"),
                u.nullableInt64("PidsLimit"), policy == null || policy.name().isEmpty() ? null : policy);
    }
}
