package dev.berth.common.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * The envelope of every fact berth publishes: a CloudEvents 1.0 event in structured JSON mode.
 * {@code subject} is the object the event is about (container id, image id, ...) and is also the Kafka key.
 * {@code data} always carries {@code attributes}: the Docker event's Actor.Attributes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        String time,
        String datacontenttype,
        Map<String, Object> data) {

    public static final String SPEC_VERSION = "1.0";

    public static CloudEvent of(String source, String type, String subject, Map<String, Object> data) {
        return new CloudEvent(SPEC_VERSION, UUID.randomUUID().toString(), source, type, subject,
                DateTimeFormatter.ISO_INSTANT.format(Instant.now()), "application/json", data);
    }

    /** The domain part of the type: {@code berth.container.die} gives {@code container}. */
    public String domain() {
        return EventType.domain(type);
    }

    /** The action part of the type: {@code berth.container.die} gives {@code die}. */
    public String action() {
        return EventType.action(type);
    }

    public Instant instant() {
        return Instant.parse(time);
    }
}
