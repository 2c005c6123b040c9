package dev.berth.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.cluster.NodeRow;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeResourceTest {
    private static NodeRow node(String id, String name) {
        OffsetDateTime t = OffsetDateTime.parse("2026-12-03T06:00:00Z");
        return new NodeRow(id, name, "10.0.0.1", Map.of(), 1, 1, "29.7.2", "ready", 1, false, t, t);
    }

    private static final List<NodeRow> NODES = List.of(node("abc1", "web"), node("abc2", "db"), node("web", "x"));

    @Test
    void byIdThenNameThenIdPrefix() {
        assertEquals("x", NodeResource.find(NODES, "web").name(), "a full id comes before a name");
        assertEquals("abc2", NodeResource.find(NODES, "db").id());
        assertEquals("abc1", NodeResource.find(NODES, "abc1").id());
        assertEquals("abc2", NodeResource.find(NODES, "abc2").id());
    }

    @Test
    void noneIs404AndSeveral400AsMoby() {
        BerthException none = assertThrows(BerthException.class, () -> NodeResource.find(NODES, "zzz"));
        assertEquals(404, none.kind().status());
        assertEquals("node zzz not found", none.getMessage());
        BerthException several = assertThrows(BerthException.class, () -> NodeResource.find(NODES, "abc"));
        assertEquals(400, several.kind().status());
        assertEquals("node abc is ambiguous (2 matches found)", several.getMessage());
    }
}
