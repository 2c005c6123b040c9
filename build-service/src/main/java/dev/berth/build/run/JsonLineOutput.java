package dev.berth.build.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes build messages as dockerd's stream formatter does: one JSON object per message, each ended by CRLF. */
public class JsonLineOutput implements BuildOutput {
    static final ObjectMapper JSON = new ObjectMapper();
    private final OutputStream out;

    public JsonLineOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void stream(String text) {
        write(JSON.createObjectNode().put("stream", text));
    }

    @Override
    public void stderr(String text) {
        write(JSON.createObjectNode().put("stream", "\u001b[91m" + text + "\u001b[0m"));
    }

    @Override
    public void progress(JsonNode message) {
        write(message);
    }

    @Override
    public void aux(String imageId) {
        ObjectNode message = JSON.createObjectNode();
        message.putObject("aux").put("ID", imageId);
        write(message);
    }

    @Override
    public void error(String message, int code) {
        write(errorMessage(message, code));
    }

    /** dockerd's final message of a failed build. */
    public static ObjectNode errorMessage(String message, int code) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("errorDetail").put("code", code).put("message", message);
        node.put("error", message);
        return node;
    }

    protected void write(JsonNode message) {
        try {
            byte[] line = (JSON.writeValueAsString(message) + "\r\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) {
                out.write(line);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
