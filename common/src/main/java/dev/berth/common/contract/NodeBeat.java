package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A node's heartbeat on {@code berth.node.heartbeat} (key: the node id; not a CloudEvent, not through the outbox: a
 * lost beat is harmless). Every beat carries the node's whole announcement, so the node watch's lock holder creates
 * or refreshes the node's row from any beat: that is also how a node on another machine joins.
 */
@WireContract(doc = "events", value = "runtime-service (every node) → `berth.node.heartbeat` → the node watch")
public record NodeBeat(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("addr") String addr,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("ncpu") int ncpu,
        @JsonProperty("memTotal") long memTotal,
        @JsonProperty("engineVersion") String engineVersion,
        @JsonProperty("api") String api) {

    public NodeBeat {
        labels = labels == null ? Map.of() : labels;
        api = api == null ? "" : api; // a node of an earlier version announces none: nothing is forwarded to it
    }
}
