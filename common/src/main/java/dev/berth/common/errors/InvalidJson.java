package dev.berth.common.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.stream.Collectors;

/**
 * A request body that is not the JSON an endpoint reads, told as dockerd tells it ({@code invalid JSON: …}, 400):
 * where the wrong type is, or what is wrong with the text, never a Java type name or a parser's internals.
 */
public final class InvalidJson {
    private InvalidJson() {
    }

    public static String message(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "invalid JSON: the document is nested too deeply or holds a name or value that is too long";
        }
        if (e instanceof MismatchedInputException m) {
            String at = at(m);
            return "invalid JSON: wrong type " + (at.isEmpty() ? "for the body" : "for field " + at);
        }
        String text = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int cut = text.indexOf(" (");
        text = (cut < 0 ? text : text.substring(0, cut)).split("\n", 2)[0].strip();
        return text.isEmpty() ? "invalid JSON" : "invalid JSON: " + text;
    }

    private static String at(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
