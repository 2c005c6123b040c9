package dev.berth.runtime.cluster;

import java.time.OffsetDateTime;
import java.util.Map;

/** A row of table {@code node}, as the read API and /info show it. */
public record NodeRow(String id, String name, String addr, Map<String, String> labels, int ncpu, long memTotal,
        String engineVersion, String status, long version, boolean leader, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
