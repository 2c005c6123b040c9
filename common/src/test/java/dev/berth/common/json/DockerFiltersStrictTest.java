package dev.berth.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What moby's filters.FromJSON refuses is refused here too, so a prune never runs with filters it misread. */
class DockerFiltersStrictTest {
    private static final Set<String> KNOWN = Set.of("label", "name");

    @Test
    void readsBothForms() {
        assertEquals(Map.of("label", List.of("a=b"), "name", List.of("x")),
                DockerFilters.parse("{\"label\":{\"a=b\":true},\"name\":[\"x\"]}", KNOWN));
        assertEquals(Map.of(), DockerFilters.parse("null", KNOWN));
    }

    @Test
    void refusesValuesOfAnotherShape() {
        for (String bad : List.of("[1]", "\"label\"", "{\"label\":\"a\"}", "{\"label\":[1]}",
                "{\"label\":{\"a\":\"yes\"}}", "{bad")) {
            BerthException e = assertThrows(BerthException.class, () -> DockerFilters.parse(bad, KNOWN), bad);
            assertEquals(400, e.kind().status(), bad);
        }
    }
}
