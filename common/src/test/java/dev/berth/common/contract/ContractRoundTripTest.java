package dev.berth.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.events.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What both sides of each pair rely on: the sender's record, written, reads back as the same record on the
 * receiver's side with no field lost or renamed; the JSON names are exactly the record's; event payloads survive
 * the CloudEvent envelope; a producer cannot add a field the contract does not name.
 */
class ContractRoundTripTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @Test
    void everyContractRoundTripsWithAllItsFields() throws Exception {
        for (Class<?> record : ContractCatalog.all()) {
            Object sent = SampleRecords.of(record);
            String json = STRICT.writeValueAsString(sent);
            Object received = STRICT.readValue(json, record);
            assertEquals(sent, received, record.getSimpleName() + " changed on the wire: " + json);
            List<String> names = new ArrayList<>();
            STRICT.readTree(json).fieldNames().forEachRemaining(names::add);
            assertEquals(ContractShapes.wireNames(record), names, record.getSimpleName());
        }
    }

    @Test
    void eventPayloadsSurviveTheEnvelope() throws Exception {
        for (Class<?> record : ContractCatalog.all()) {
            if (!record.getAnnotation(WireContract.class).doc().equals("events")) {
                continue;
            }
            Object payload = SampleRecords.of(record);
            CloudEvent event = CloudEvent.of("test", "berth.test.x", "s", EventPayloads.data(payload));
            CloudEvent read = STRICT.readValue(STRICT.writeValueAsString(event), CloudEvent.class);
            assertEquals(payload, EventPayloads.read(read, record), record.getSimpleName());
        }
    }

    @Test
    void aConsumerReadsWhatItKnowsAndAProducerWritesOnlyTheContract() {
        CloudEvent newer = CloudEvent.of("test", "berth.volume.destroy", "v",
                Map.of("attributes", Map.of("driver", "local"), "volumeId", "abc", "addedLater", 1));
        assertEquals("abc", EventPayloads.read(newer, VolumeEventData.class).volumeId());
        assertThrows(IllegalArgumentException.class,
                () -> EventPayloads.strict(Map.of("removeVolume", true), ContainerEventData.Extra.class));
        assertThrows(IllegalArgumentException.class, () -> EventPayloads.read(CloudEvent.of("test",
                "berth.container.destroy", "c", Map.of("volumes", "not a list")), ContainerEventData.class));
        ContainerEventData.Extra extra = EventPayloads.strict(Map.of("volumes",
                List.of(Map.of("Name", "v", "Destination", "/d", "RW", false, "Propagation", ""))),
                ContainerEventData.Extra.class);
        assertEquals(List.of(new ContainerEventData.VolumeUse("v", "/d", false, "")), extra.volumes());
    }

    @Test
    void absentOptionalFieldsStayOffTheWire() {
        JsonNode data = STRICT.valueToTree(EventPayloads.data(new ContainerEventData(Map.of("name", "n"), "sha256:1",
                null, null, true, null)));
        assertEquals(List.of("attributes", "imageId", "removeVolumes"), fieldNames(data));
        assertTrue(STRICT.valueToTree(new NetworkGrant("id", "n", "bridge", "br", "10.0.0.0/24", "10.0.0.1", 24,
                false, Map.of(), null, "", 0, null)).path("Endpoint").isMissingNode());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
