package dev.berth.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    @Test
    void absentReadsAsEmpty() {
        assertTrue(StrictJson.tree(null).isObject());
        assertEquals(0, StrictJson.tree(" ").size());
        assertEquals(List.of(), StrictJson.strings(null));
    }

    @Test
    void readsWhatItWrote() {
        assertEquals(List.of("a", "b"), StrictJson.strings(StrictJson.write(List.of("a", "b"))));
        assertEquals("x", StrictJson.tree("{\"Image\":\"x\"}").path("Image").asText());
    }

    @Test
    void unreadableIsAnErrorNotEmpty() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StrictJson.tree("{\"Image\":"));
        assertTrue(e.getMessage().contains("{\"Image\":"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> StrictJson.strings("{\"not\":\"a list\"}"));
    }
}
