package dev.berth.common.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.common.events.CloudEvent;
import java.util.Map;

/**
 * Turns an event's {@code data} into its payload record and back. Reading is strict about types and lenient about
 * unknown fields (a newer producer may add one; a consumer reads what it knows); writing goes through the record, so
 * a producer cannot put a field the contract does not name.
 */
public final class EventPayloads {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private EventPayloads() {
    }

    /** The event's data as the payload record; an event without data reads as the record of no fields. */
    public static <T> T read(CloudEvent event, Class<T> payload) {
        Map<String, Object> data = event.data() == null ? Map.of() : event.data();
        try {
            return JSON.convertValue(data, payload);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event " + event.id() + " (" + event.type() + ") has a data field of"
                    + " the wrong type: " + e.getMessage(), e);
        }
    }

    /** The payload as an event's data (absent fields left out). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> data(Object payload) {
        return JSON.convertValue(payload, Map.class);
    }

    /** Extra fields a producer adds by name, checked against the payload: an unknown name or a wrong type fails. */
    public static <T> T strict(Map<String, Object> fields, Class<T> payload) {
        return STRICT.convertValue(fields, payload);
    }
}
