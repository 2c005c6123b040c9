package dev.berth.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeLabelsTest {
    @Test
    void keyValuePairsInOrder() {
        Map<String, String> labels = NodeLabels.parse("storage=ssd, region=a,empty=,com.example/x=1=2");
        assertEquals(List.of("storage", "region", "empty", "com.example/x"), List.copyOf(labels.keySet()));
        assertEquals("ssd", labels.get("storage"));
        assertEquals("", labels.get("empty"));
        assertEquals("1=2", labels.get("com.example/x"));
        assertTrue(NodeLabels.parse("").isEmpty());
        assertTrue(NodeLabels.parse(null).isEmpty());
    }

    @Test
    void badSyntaxIsRefusedWithTheReason() {
        assertEquals("BERTH_NODE_LABELS: \"ssd\" is not key=value (expected e.g. storage=ssd,region=a)",
                assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse("storage=a,ssd")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse("=x"));
        assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse("a=1,"));
        assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse("has space=1"));
        assertEquals("BERTH_NODE_LABELS: label \"a\" is given twice",
                assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse("a=1,a=2")).getMessage());
    }

    @Test
    void theDefaultRoutesInterface() {
        List<String> table = List.of(
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "berth0\t0011CA0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
                "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0");
        assertEquals("eth0", DefaultRouteAddress.defaultInterface(table).orElseThrow());
        assertTrue(DefaultRouteAddress.defaultInterface(table.subList(0, 2)).isEmpty());
    }
}
