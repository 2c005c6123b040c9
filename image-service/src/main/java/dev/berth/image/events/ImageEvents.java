package dev.berth.image.events;

import dev.berth.common.contract.EventPayloads;
import dev.berth.common.contract.ImageEventData;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventType;
import dev.berth.common.events.Topics;
import dev.berth.common.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import java.util.Map;

/** Image facts, appended to the outbox inside the caller's transaction. */
public final class ImageEvents {
    public static final String SOURCE = "image-service";

    private ImageEvents() {
    }

    /** {@code action} is Docker's: import, load, tag, untag, delete; {@code name} the reference or id. */
    public static Uni<Void> append(String action, String imageId, String name) {
        CloudEvent event = CloudEvent.of(SOURCE, EventType.of("image", action), imageId,
                EventPayloads.data(new ImageEventData(Map.of("name", name))));
        return Outbox.append(Topics.IMAGE, event);
    }
}
