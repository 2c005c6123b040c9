package dev.berth.volume.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeRulesTest {

    @Test
    void namesAreDockersLocalDriverNames() {
        assertEquals("db-data_1.x", VolumeNames.validate("db-data_1.x"));
        assertTrue(assertThrows(BerthException.class, () -> VolumeNames.validate("./x")).getMessage()
                .contains("includes invalid characters for a local volume name"));
        assertTrue(assertThrows(BerthException.class, () -> VolumeNames.validate("a")).getMessage()
                .contains("too short"));
        assertEquals(64, VolumeNames.generate().length());
    }

    @Test
    void localDriverOptionsNeedEachOther() {
        LocalDriverOptions.validate(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m"));
        LocalDriverOptions.validate(Map.of());
        assertEquals("invalid option key: \"foo\"", assertThrows(BerthException.class,
                () -> LocalDriverOptions.validate(Map.of("foo", "bar"))).getMessage());
        assertEquals("missing required option: \"device\"", assertThrows(BerthException.class,
                () -> LocalDriverOptions.validate(Map.of("type", "tmpfs"))).getMessage());
    }

    @Test
    void filtersInBothWireFormsMatchAsDocker() {
        VolumeFilters f = VolumeFilters.parse("{\"label\":{\"a=b\":true,\"c\":true},\"name\":[\"^db\"]}",
                VolumeFilters.LIST_KEYS);
        assertTrue(f.matches("db1", "local", Map.of("a", "b", "c", "")));
        assertFalse(f.matches("db1", "local", Map.of("a", "b")), "every label filter must match");
        assertFalse(f.matches("xdb", "local", Map.of("a", "b", "c", "")), "name is a regular expression");
        assertEquals(Boolean.TRUE, VolumeFilters.parse("{\"dangling\":[\"1\"]}", VolumeFilters.LIST_KEYS)
                .flag("dangling"));
        assertEquals("invalid filter 'until'", assertThrows(BerthException.class,
                () -> VolumeFilters.parse("{\"until\":[\"1h\"]}", VolumeFilters.PRUNE_KEYS)).getMessage());
        assertEquals("invalid filter 'dangling=maybe'", assertThrows(BerthException.class,
                () -> VolumeFilters.parse("{\"dangling\":[\"maybe\"]}", VolumeFilters.LIST_KEYS)).getMessage());
        VolumeFilters not = VolumeFilters.parse("{\"label!\":[\"keep\"]}", VolumeFilters.PRUNE_KEYS);
        assertFalse(not.matches("v1", "local", Map.of("keep", "")));
        assertTrue(not.matches("v1", "local", Map.of()));
    }

    @Test
    void pruneTakesAllUnusedVolumesOnlyWhenAskedOrForOldClients() {
        assertFalse(VolumeFilters.parse(null, VolumeFilters.PRUNE_KEYS).pruneAll());
        assertTrue(VolumeFilters.parse(null, VolumeFilters.PRUNE_KEYS).with("all", "true").pruneAll());
        VolumeFilters asked = VolumeFilters.parse("{\"all\":[\"true\"]}", VolumeFilters.PRUNE_KEYS);
        assertTrue(asked.with("all", "true").pruneAll());
        // an old client saying all=false gets moby's 400: its filters then carry both values
        VolumeFilters refused = VolumeFilters.parse("{\"all\":[\"false\"]}", VolumeFilters.PRUNE_KEYS);
        assertFalse(refused.pruneAll());
        assertEquals("invalid filter 'all=[false true]': only one value is expected",
                assertThrows(BerthException.class, () -> refused.with("all", "true").pruneAll()).getMessage());
    }
}
