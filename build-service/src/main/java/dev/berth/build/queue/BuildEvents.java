package dev.berth.build.queue;

import dev.berth.common.contract.BuildEventData;
import dev.berth.common.contract.EventPayloads;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventType;
import dev.berth.common.events.Topics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts of a build's life on {@code berth.build} (queued, started, step, finished, failed, cancelled) and the
 * job record on {@code berth.build.jobs}; subject and key are the build id. docs/events.md lists the attributes.
 */
final class BuildEvents {
    static final String JOBS = Topics.BUILD + ".jobs";
    private static final String SOURCE = "build-service";

    private BuildEvents() {
    }

    static CloudEvent of(String action, String buildId, Map<String, String> attributes) {
        return CloudEvent.of(SOURCE, EventType.of("build", action), buildId,
                EventPayloads.data(new BuildEventData(new LinkedHashMap<>(attributes))));
    }

    static Map<String, String> attributes(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return map;
    }
}
