package dev.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.function.Consumer;

/** Wire bodies for the parser tests: JSON written with single quotes, and the 400 a parser answers to one. */
final class WireJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireJson() {
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    /** The message of the 400 (an INVALID error) that {@code parser} answers to {@code body}. */
    static String invalid(String body, Consumer<JsonNode> parser) throws Exception {
        JsonNode request = json(body);
        BerthException e = assertThrows(BerthException.class, () -> parser.accept(request));
        assertEquals(ErrorKind.INVALID, e.kind());
        return e.getMessage();
    }
}
