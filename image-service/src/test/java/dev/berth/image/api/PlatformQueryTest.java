package dev.berth.image.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformQueryTest {
    private static String refusal(String value) {
        BerthException e = assertThrows(BerthException.class, () -> PlatformQuery.check(value, "1.55", "1.49"));
        assertEquals(ErrorKind.INVALID, e.kind());
        return e.getMessage();
    }

    @Test
    void acceptsAnOciPlatformAndNone() {
        assertDoesNotThrow(() -> PlatformQuery.check("{\"os\":\"linux\",\"architecture\":\"amd64\"}", "1.55", "1.49"));
        assertDoesNotThrow(() -> PlatformQuery.check("{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\","
                + "\"os.version\":\"\",\"os.features\":[]}", null, "1.49"));
        assertDoesNotThrow(() -> PlatformQuery.check(null, "1.55", "1.49"));
        assertDoesNotThrow(() -> PlatformQuery.check("", "1.55", "1.49"));
        assertDoesNotThrow(() -> PlatformQuery.checkAll(List.of(), "1.55"));
    }

    @Test
    void refusesWhatDecodePlatformRefuses() {
        assertTrue(refusal("not a/platform!!").startsWith("failed to parse platform: invalid JSON: "),
                refusal("not a/platform!!"));
        assertEquals("failed to parse platform: invalid JSON: the platform must be an object", refusal("[1]"));
        assertEquals("failed to parse platform: invalid JSON: os must be a string, not a number",
                refusal("{\"os\":1,\"architecture\":\"amd64\"}"));
        assertEquals("both OS and Architecture must be provided", refusal("{\"os\":\"linux\"}"));
        assertEquals("both OS and Architecture must be provided", refusal("null"));
        assertEquals("optional platform fields provided, but OS and Architecture are missing",
                refusal("{\"variant\":\"v7\"}"));
    }

    @Test
    void olderClientsValuesAreIgnoredAsDockerdIgnoresThem() {
        assertDoesNotThrow(() -> PlatformQuery.check("not a/platform!!", "1.48", "1.49"));
        assertDoesNotThrow(() -> PlatformQuery.checkAll(List.of("{bad"), "1.47"));
        BerthException e = assertThrows(BerthException.class, () -> PlatformQuery.checkAll(List.of(
                "{\"os\":\"linux\",\"architecture\":\"amd64\"}", "{\"os\":\"linux\",\"architecture\":\"arm64\"}"),
                "1.51"));
        assertEquals("multiple platform parameters are not supported in this API version; use API version 1.52 or"
                + " later", e.getMessage());
        assertThrows(BerthException.class, () -> PlatformQuery.checkAll(List.of("{bad"), "1.52"));
    }
}
