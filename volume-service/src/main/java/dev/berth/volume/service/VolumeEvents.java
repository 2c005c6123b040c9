package dev.berth.volume.service;

import dev.berth.common.contract.EventPayloads;
import dev.berth.common.contract.VolumeEventData;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventType;
import dev.berth.common.events.Topics;
import dev.berth.common.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts on {@code berth.volume}, with Docker's Actor.Attributes; the subject is the volume name. */
public final class VolumeEvents {
    static final String SOURCE = "volume-service";

    private VolumeEvents() {
    }

    public static Uni<Void> created(String name, String driver, String volumeId) {
        return append("create", name, Map.of("driver", driver), volumeId);
    }

    public static Uni<Void> destroyed(String name, String driver, String volumeId) {
        return append("destroy", name, Map.of("driver", driver), volumeId);
    }

    public static Uni<Void> mounted(String name, String driver, String containerId, String destination, boolean rw,
            String propagation) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("container", containerId);
        attributes.put("destination", destination);
        attributes.put("driver", driver);
        attributes.put("propagation", propagation);
        attributes.put("read/write", Boolean.toString(rw));
        return append("mount", name, attributes, null);
    }

    public static Uni<Void> unmounted(String name, String driver, String containerId) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("container", containerId);
        attributes.put("driver", driver);
        return append("unmount", name, attributes, null);
    }

    private static Uni<Void> append(String action, String name, Map<String, String> attributes, String volumeId) {
        return Outbox.append(Topics.VOLUME, CloudEvent.of(SOURCE, EventType.of("volume", action), name,
                EventPayloads.data(new VolumeEventData(attributes, volumeId))));
    }
}
