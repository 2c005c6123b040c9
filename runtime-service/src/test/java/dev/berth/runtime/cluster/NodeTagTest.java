package dev.berth.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeTagTest {
    private static final String RANDOM = "0123456789abcdef".repeat(4);

    @Test
    void anIdStampedByANodeCarriesItsTagAndStaysDockersShape() {
        String id = NodeTag.stamp("n2", RANDOM);
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertTrue(NodeTag.carries(id, "n2"));
        assertFalse(NodeTag.carries(id, "n1"));
        assertEquals(RANDOM.substring(NodeTag.LENGTH), id.substring(NodeTag.LENGTH));
    }

    @Test
    void tagsDifferByNodeAndNeverMatchAShortOrMissingId() {
        assertNotEquals(NodeTag.of("n1"), NodeTag.of("n2"));
        assertEquals(NodeTag.of("n1"), NodeTag.of("n1"));
        assertFalse(NodeTag.carries(NodeTag.of("n1"), "n1")); // the tag alone is no id
        assertFalse(NodeTag.carries(null, "n1"));
    }

    @Test
    void aNodesDefaultApiIsWhereItListens() {
        assertEquals("http://127.0.0.1:7103", NodeIdentity.defaultApi("127.0.0.1", "10.0.0.5", 7103));
        assertEquals("http://10.0.0.5:7103", NodeIdentity.defaultApi("0.0.0.0", "10.0.0.5", 7103));
        assertEquals("http://[fd00::5]:7103", NodeIdentity.defaultApi("::", "fd00::5", 7103));
    }
}
