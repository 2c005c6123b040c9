package dev.berth.build.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/** The query values {@code POST /build} refuses before it reads the context. */
class BuildRequestParserTest {
    private static String refusal(String name, String value) {
        MultiMap query = MultiMap.caseInsensitiveMultiMap().add(name, value);
        BerthException e = assertThrows(BerthException.class, () -> BuildRequestParser.parse(query, null));
        assertEquals(ErrorKind.INVALID, e.kind());
        return e.getMessage();
    }

    @Test
    void refusesNumbersJsonAndPlatformsDockerdRefuses() {
        assertEquals("invalid shmsize value: not-an-int", refusal("shmsize", "not-an-int"));
        assertEquals("invalid memory value: abc", refusal("memory", "abc"));
        assertEquals("invalid cpuquota value: 1.5", refusal("cpuquota", "1.5"));
        assertTrue(refusal("buildargs", "{bad").startsWith("error reading build args: "));
        assertEquals("error reading labels: not a JSON object", refusal("labels", "[1]"));
        assertEquals("error reading labels: the value of a is not a string", refusal("labels", "{\"a\":[\"x\"]}"));
        assertEquals("error reading build args: the value of A is not a string", refusal("buildargs", "{\"A\":1}"));
        assertEquals("error reading cache-from: an item is not a string", refusal("cachefrom", "[1]"));
        assertTrue(refusal("platform", "not a/platform!!").startsWith(
                "\"not a\" is an invalid OS component of \"not a/platform!!\""), refusal("platform", "not a/platform!!"));
        assertEquals("\"windows/amd64\": unknown operating system or architecture: invalid argument",
                refusal("platform", "windows/amd64"));
    }

    @Test
    void takesWhatDockerdTakes() {
        MultiMap query = MultiMap.caseInsensitiveMultiMap().add("nocache", "x").add("memory", "1048576")
                .add("buildargs", "{\"A\":\"1\",\"B\":null}").add("labels", "{\"a\":\"b\"}").add("platform", "linux")
                .add("cachefrom", "[\"busybox\"]");
        assertDoesNotThrow(() -> BuildRequestParser.parse(query, null));
    }
}
