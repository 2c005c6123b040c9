package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.events.CloudEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEventsTest {
    private static final String ID = "4c1f" + "0".repeat(60);

    private static CloudEvent die() {
        return new CloudEvent("1.0", "0b9f6a4e-5c0e-4d8e-9a57-2f7c1f0f4a11", "runtime-service", "berth.container.die",
                ID, "2026-11-23T17:40:01.123456789Z", "application/json",
                Map.of("attributes", Map.of("image", "busybox", "name", "quirky", "exitCode", "3", "team", "a")));
    }

    @Test
    void nodeEventIsASwarmScopedEventWithoutTheLegacyFields() {
        CloudEvent update = new CloudEvent("1.0", "0b9f6a4e-5c0e-4d8e-9a57-2f7c1f0f4a12", "runtime-service",
                "berth.node.update", "n1", "2026-11-23T17:40:01Z", "application/json",
                Map.of("attributes", Map.of("name", "host-a", "state.old", "ready", "state.new", "down")));
        ObjectNode node = DockerEvents.toDocker(update);
        assertEquals("node", node.get("Type").asText());
        assertEquals("update", node.get("Action").asText());
        assertEquals("swarm", node.get("scope").asText());
        assertFalse(node.has("status"));
        assertEquals("down", node.get("Actor").get("Attributes").get("state.new").asText());
        assertTrue(DockerEvents.matches(update, Map.of("type", List.of("node"), "scope", List.of("swarm"))));
        assertTrue(DockerEvents.matches(update, Map.of("node", List.of("host-a"))));
        assertFalse(DockerEvents.matches(update, Map.of("scope", List.of("local"))));
        assertFalse(DockerEvents.matches(die(), Map.of("node", List.of("host-a"))));
    }

    @Test
    void containerEventHasDockersShape() {
        ObjectNode node = DockerEvents.toDocker(die());
        assertEquals("container", node.get("Type").asText());
        assertEquals("die", node.get("Action").asText());
        assertEquals("die", node.get("status").asText());
        assertEquals(ID, node.get("id").asText());
        assertEquals("busybox", node.get("from").asText());
        assertEquals(ID, node.get("Actor").get("ID").asText());
        assertEquals("3", node.get("Actor").get("Attributes").get("exitCode").asText());
        assertEquals("local", node.get("scope").asText());
        Instant time = Instant.parse("2026-11-23T17:40:01.123456789Z");
        assertEquals(time.getEpochSecond(), node.get("time").asLong());
        assertEquals(time.getEpochSecond() * 1_000_000_000L + 123456789L, node.get("timeNano").asLong());
    }

    @Test
    void filtersFollowDocker() {
        CloudEvent die = die();
        assertTrue(DockerEvents.matches(die, Map.of()));
        assertTrue(DockerEvents.matches(die, Map.of("type", List.of("container"))));
        assertFalse(DockerEvents.matches(die, Map.of("type", List.of("image"))));
        assertTrue(DockerEvents.matches(die, Map.of("event", List.of("start", "die"))));
        assertTrue(DockerEvents.matches(die, Map.of("container", List.of("quirky"))));
        assertTrue(DockerEvents.matches(die, Map.of("container", List.of("4c1f"))));
        assertFalse(DockerEvents.matches(die, Map.of("container", List.of("other"))));
        assertTrue(DockerEvents.matches(die, Map.of("image", List.of("busybox"))));
        assertTrue(DockerEvents.matches(die, Map.of("label", List.of("team=a"))));
        assertFalse(DockerEvents.matches(die, Map.of("label", List.of("team=b"))));
        assertFalse(DockerEvents.matches(die, Map.of("type", List.of("container"), "event", List.of("start"))));
    }

    @Test
    void healthcheckFilterSeparatesProbeExecs() {
        CloudEvent probe = new CloudEvent("1.0", "1", "runtime-service", "berth.container.exec_die", ID,
                "2026-11-23T17:40:01Z", "application/json",
                Map.of("attributes", Map.of("execID", "e1", "exitCode", "0"), "healthcheck", true));
        assertFalse(DockerEvents.matches(probe, Map.of("healthcheck", List.of("false"))));
        assertTrue(DockerEvents.matches(probe, Map.of("healthcheck", List.of("true"))));
        assertTrue(DockerEvents.matches(die(), Map.of("healthcheck", List.of("false"))));
        assertFalse(DockerEvents.matches(die(), Map.of("healthcheck", List.of("true"))));
    }

    @Test
    void queryAcceptsBothFilterEncodingsAndDockerTimestamps() {
        EventQuery q = EventQuery.parse("1700000000.5", "1700000100", "{\"type\":{\"container\":true}}");
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), q.since());
        assertEquals(Instant.ofEpochSecond(1700000100), q.until());
        assertEquals(List.of("container"), q.filters().get("type"));
        assertEquals(List.of("a", "b"), EventQuery.filters("{\"event\":[\"a\",\"b\"]}").get("event"));
        assertFalse(q.live());
        assertThrows(BerthException.class, () -> EventQuery.parse("200", "100", null));
        assertThrows(BerthException.class, () -> EventQuery.parse("yesterday", null, null));
        assertThrows(BerthException.class, () -> EventQuery.filters("{not json"));
    }
}
