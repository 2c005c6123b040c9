package dev.berth.common.json;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class BodyShapeTest {
    private static final BodyShape SHAPE = BodyShape.load("/sample-shape.txt");

    private static JsonNode json(String text) throws Exception {
        return StrictJson.JSON.readTree(text);
    }

    private static String refusal(String body) {
        BerthException e = assertThrows(BerthException.class, () -> SHAPE.check(json(body)));
        assertEquals(ErrorKind.INVALID, e.kind());
        return e.getMessage();
    }

    @Test
    void acceptsEachKindUnknownFieldsNullsAndTheEmptyEnumValue() {
        assertDoesNotThrow(() -> SHAPE.check(json("""
                {"Name":"n","Count":3,"Ratio":1.5,"On":true,"Items":[1],"Cmd":"echo","Mode":"b","Inner":{"Flag":false},
                 "Unknown":{"x":[1]},"Count2":"x"}""")));
        assertDoesNotThrow(() -> SHAPE.check(json("{\"Cmd\":[\"a\"],\"Mode\":\"\",\"Name\":null,\"Inner\":null}")));
        assertDoesNotThrow(() -> SHAPE.check(json("{\"Flag\":true}"), "Inner."));
    }

    @Test
    void namesTheFieldAndBothKindsOfAWrongType() {
        assertEquals("invalid JSON: Count must be an integer, not a string", refusal("{\"Count\":\"3\"}"));
        assertEquals("invalid JSON: Count must be an integer, not a number", refusal("{\"Count\":1.5}"));
        assertEquals("invalid JSON: On must be a boolean, not a string", refusal("{\"On\":\"yes\"}"));
        assertEquals("invalid JSON: Items must be an array, not an object", refusal("{\"Items\":{}}"));
        assertEquals("invalid JSON: Name must be a string, not an object", refusal("{\"Name\":{\"a\":1}}"));
        assertEquals("invalid JSON: Cmd must be a string or an array of strings, not a number",
                refusal("{\"Cmd\":1}"));
        assertEquals("invalid JSON: Inner.Flag must be a boolean, not a number", refusal("{\"Inner\":{\"Flag\":1}}"));
        assertEquals("invalid JSON: Inner must be an object, not an array", refusal("{\"Inner\":[1]}"));
        assertEquals("invalid JSON: Ratio must be a number, not a boolean", refusal("{\"Ratio\":true}"));
    }

    @Test
    void refusesABodyThatIsNoObjectAndAValueOutsideTheEnum() {
        assertEquals("invalid JSON: the body must be an object", refusal("[1]"));
        assertEquals("invalid JSON: the body must be an object", refusal("\"text\""));
        assertEquals("invalid Mode: 'c' (one of: a, b)", refusal("{\"Mode\":\"c\"}"));
    }

    @Test
    void checksAPartOfTheShapeUnderAPrefix() {
        BerthException e = assertThrows(BerthException.class, () -> SHAPE.check(json("{\"Flag\":\"x\"}"), "Inner."));
        assertEquals("invalid JSON: Inner.Flag must be a boolean, not a string", e.getMessage());
    }

    @Test
    void aMissingResourceIsAnErrorAtLoad() {
        assertThrows(IllegalStateException.class, () -> BodyShape.load("/no-such-shape.txt"));
    }
}
