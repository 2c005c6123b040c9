package dev.berth.build.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import org.junit.jupiter.api.Test;

class ByteSizesTest {
    @Test
    void wholeBytesOrEmpty() {
        assertEquals(0, ByteSizes.parse("min-free-space", null));
        assertEquals(0, ByteSizes.parse("min-free-space", ""));
        assertEquals(1048576, ByteSizes.parse("keep-storage", "1048576"));
    }

    @Test
    void anythingElseIsA400NamingTheParameter() {
        assertEquals("invalid min-free-space value: not-an-int",
                assertThrows(BerthException.class, () -> ByteSizes.parse("min-free-space", "not-an-int")).getMessage());
        assertThrows(BerthException.class, () -> ByteSizes.parse("max-used-space", "1.5"));
        assertThrows(BerthException.class, () -> ByteSizes.parse("reserved-space", "99999999999999999999999"));
    }
}
