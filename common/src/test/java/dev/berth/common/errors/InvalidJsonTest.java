package dev.berth.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvalidJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Body(String Name, Map<String, String> Labels) {
    }

    private static JsonProcessingException failure(String text, Class<?> type) {
        return assertThrows(JsonProcessingException.class, () -> JSON.readValue(text, type));
    }

    @Test
    void aWrongTypeNamesTheFieldAndNoJavaType() {
        JsonProcessingException e = failure("{\"Labels\":[\"a\"]}", Body.class);
        assertEquals("invalid JSON: wrong type for field Labels", DockerError.of(e).message());
        assertEquals(400, DockerError.statusOf(e));
    }

    @Test
    void parserLimitsAreTheClientsFaultNotAServerError() {
        JsonProcessingException deep = failure("[".repeat(5000), Object.class);
        assertEquals(400, DockerError.statusOf(deep));
        assertEquals("invalid JSON: the document is nested too deeply or holds a name or value that is too long",
                DockerError.of(deep).message());
        JsonProcessingException longName = failure("{\"" + "x".repeat(60_000) + "\":1}", Object.class);
        assertEquals(400, DockerError.statusOf(longName));
    }

    @Test
    void malformedTextKeepsOnlyTheParsersFirstWords() {
        String message = DockerError.of(failure("not json", Object.class)).message();
        assertEquals("invalid JSON: Unrecognized token 'not': was expecting", message);
        assertFalse(message.contains("Source"), message);
    }
}
