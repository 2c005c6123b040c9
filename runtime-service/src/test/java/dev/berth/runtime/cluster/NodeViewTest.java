package dev.berth.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class NodeViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OffsetDateTime CREATED = OffsetDateTime.parse("2026-12-03T06:00:00.120Z");
    private static final NodeRow A = new NodeRow("4f1c2d", "host-a", "10.0.0.1", Map.of("storage", "ssd"), 2,
            8L << 30, "29.7.2", "ready", 3, true, CREATED, CREATED.plusSeconds(5));
    private static final NodeRow B = new NodeRow("9e8d7c", "host-b", "10.0.0.2", Map.of("region", "a"), 4,
            1L << 30, "29.7.2", "down", 7, false, CREATED, CREATED);

    @Test
    void theEngineApisNodeShape() {
        JsonNode node = JSON.valueToTree(NodeView.of(A));
        assertEquals("4f1c2d", node.path("ID").asText());
        assertEquals(3, node.path("Version").path("Index").asLong());
        assertEquals("2026-12-03T06:00:00.120Z", node.path("CreatedAt").asText());
        assertEquals("2026-12-03T06:00:05.120Z", node.path("UpdatedAt").asText());
        assertEquals("ssd", node.path("Spec").path("Labels").path("storage").asText());
        assertEquals("manager", node.path("Spec").path("Role").asText());
        assertEquals("active", node.path("Spec").path("Availability").asText());
        assertEquals("host-a", node.path("Description").path("Hostname").asText());
        assertEquals(2_000_000_000L, node.path("Description").path("Resources").path("NanoCPUs").asLong());
        assertEquals(8L << 30, node.path("Description").path("Resources").path("MemoryBytes").asLong());
        assertEquals("29.7.2", node.path("Description").path("Engine").path("EngineVersion").asText());
        assertEquals("ssd", node.path("Description").path("Engine").path("Labels").path("storage").asText());
        assertEquals("ready", node.path("Status").path("State").asText());
        assertEquals("10.0.0.1", node.path("Status").path("Addr").asText());
        assertTrue(node.path("ManagerStatus").path("Leader").asBoolean());
        JsonNode down = JSON.valueToTree(NodeView.of(B));
        assertEquals("down", down.path("Status").path("State").asText());
        assertFalse(down.path("ManagerStatus").has("Leader"));
        assertEquals("unreachable", down.path("ManagerStatus").path("Reachability").asText());
    }

    @Test
    void filtersAsMoby() {
        assertEquals(List.of(A, B), select(null));
        assertEquals(List.of(A), select("{\"name\":{\"host-a\":true}}"));
        assertEquals(List.of(A, B), select("{\"name\":[\"host\"]}"));
        assertEquals(List.of(B), select("{\"id\":[\"9e\"]}"));
        assertEquals(List.of(A), select("{\"node.label\":[\"storage=ssd\"]}"));
        assertEquals(List.of(B), select("{\"label\":[\"region\"]}"));
        assertEquals(List.of(), select("{\"node.label\":[\"storage=hdd\"]}"));
        assertEquals(List.of(A, B), select("{\"role\":[\"manager\"],\"membership\":[\"accepted\"]}"));
        assertEquals(List.of(), select("{\"role\":[\"worker\"]}"));
        assertEquals("invalid filter 'colour'", refused("{\"colour\":[\"red\"]}"));
        assertEquals("Invalid role filter: 'boss'", refused("{\"role\":[\"boss\"]}"));
        assertEquals("Invalid membership filter: 'x'", refused("{\"membership\":[\"x\"]}"));
    }

    @Test
    void systemStatusListsEachNode() {
        List<List<String>> status = ClusterStatus.of(List.of(A, B), Map.of("host-a", new long[] {3, 1, 1}));
        assertEquals(List.of("Nodes", "2"), status.get(0));
        assertEquals(List.of(" host-a", "10.0.0.1"), status.get(1));
        assertTrue(status.contains(List.of("  └ Status", "Ready")));
        assertTrue(status.contains(List.of("  └ Status", "Down")));
        assertTrue(status.contains(List.of("  └ Containers", "3 (1 Running, 1 Paused, 1 Stopped)")));
        assertTrue(status.contains(List.of("  └ Containers", "0 (0 Running, 0 Paused, 0 Stopped)")));
        assertTrue(status.contains(List.of("  └ Memory", "8GiB")));
        assertTrue(status.contains(List.of("  └ Labels", "storage=ssd")));
        assertEquals("7.775GiB", ClusterStatus.bytes(8348520448L));
        assertEquals("512B", ClusterStatus.bytes(512));
    }

    private static List<NodeRow> select(String filters) {
        Predicate<NodeRow> p = NodeFilters.parse(filters);
        return List.of(A, B).stream().filter(p).toList();
    }

    private static String refused(String filters) {
        BerthException e = assertThrows(BerthException.class, () -> NodeFilters.parse(filters));
        assertEquals(400, e.kind().status());
        return e.getMessage();
    }
}
