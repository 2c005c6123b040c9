package dev.berth.runtime.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruneOtherNodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theReportNamesEveryNodesContainersAndAddsTheirSpace() throws Exception {
        Map<String, Object> here = new HashMap<>();
        here.put("ContainersDeleted", List.of("a1"));
        here.put("SpaceReclaimed", 10L);
        Map<String, Object> all = PruneOtherNodes.merge(here, List.of(
                JSON.readTree("{\"ContainersDeleted\":[\"b1\",\"b2\"],\"SpaceReclaimed\":5}"),
                JSON.readTree("{\"ContainersDeleted\":null,\"SpaceReclaimed\":0}")));
        assertEquals(List.of("a1", "b1", "b2"), all.get("ContainersDeleted"));
        assertEquals(15L, all.get("SpaceReclaimed"));
    }

    @Test
    void nothingDeletedAnywhereIsNullAsDockerSaysIt() throws Exception {
        Map<String, Object> here = new HashMap<>();
        here.put("ContainersDeleted", null);
        here.put("SpaceReclaimed", 0L);
        Map<String, Object> all = PruneOtherNodes.merge(here, Arrays.asList(JSON.readTree("{\"SpaceReclaimed\":0}")));
        assertEquals(null, all.get("ContainersDeleted"));
        assertEquals(0L, all.get("SpaceReclaimed"));
    }
}
