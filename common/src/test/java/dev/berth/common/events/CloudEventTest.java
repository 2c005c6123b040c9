package dev.berth.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventTest {

    @Test
    void typesSplitIntoDomainAndDockerAction() {
        assertEquals("berth.container.die", EventType.of("container", "die"));
        assertEquals("container", EventType.domain("berth.container.exec_start"));
        assertEquals("exec_start", EventType.action("berth.container.exec_start"));
        assertThrows(IllegalArgumentException.class, () -> EventType.domain("container.die"));
    }

    @Test
    void envelopeRoundTripsThroughJson() {
        CloudEvent event = CloudEvent.of("runtime-service", EventType.of("container", "die"), "abc",
                Map.of("attributes", Map.of("exitCode", "3")));
        String json = EventJson.write(event);
        assertTrue(json.contains("\"specversion\":\"1.0\""), json);
        CloudEvent back = EventJson.read(json);
        assertEquals(event, back);
        assertEquals("container", back.domain());
        assertEquals("die", back.action());
        assertEquals(event.instant(), back.instant());
    }

    @Test
    void topicsAreOnePerDomain() {
        assertEquals(Topics.CONTAINER, Topics.forDomain("container"));
        assertEquals("image", Topics.domainOf(Topics.IMAGE));
        assertThrows(IllegalArgumentException.class, () -> EventJson.read("not json"));
    }
}
