package dev.berth.runtime.cluster;

import dev.berth.common.contract.EventPayloads;
import dev.berth.common.contract.NodeEventData;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker's swarm node events as moby's {@code logNodeEvent} writes them: {@code create} when a node first announces
 * itself, {@code update} with {@code state.old}/{@code state.new} when it goes down or ready again; {@code name}
 * always.
 */
final class NodeEvents {
    static final String SOURCE = "runtime-service";

    private NodeEvents() {
    }

    static CloudEvent created(String id, String name) {
        return event("create", id, Map.of("name", name));
    }

    static CloudEvent stateChanged(String id, String name, String from, String to) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", name);
        attributes.put("state.old", from);
        attributes.put("state.new", to);
        return event("update", id, attributes);
    }

    static CloudEvent removed(String id, String name) {
        return event("remove", id, Map.of("name", name));
    }

    private static CloudEvent event(String action, String id, Map<String, String> attributes) {
        return CloudEvent.of(SOURCE, EventType.of("node", action), id,
                EventPayloads.data(new NodeEventData(attributes)));
    }
}
