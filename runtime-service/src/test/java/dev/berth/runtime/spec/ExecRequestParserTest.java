package dev.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecRequestParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static String createError(String body) throws Exception {
        JsonNode request = json(body);
        BerthException e = assertThrows(BerthException.class, () -> ExecRequestParser.create(request));
        assertEquals(ErrorKind.INVALID, e.kind());
        return e.getMessage();
    }

    @Test
    void anExecCreateBodyIsTyped() throws Exception {
        assertEquals(new ExecRequest(List.of("sh", "-c", "id"), List.of("A=1"), "nobody", "/tmp", true, true, true,
                false, true, "ctrl-x"), ExecRequestParser.create(json("{'Cmd': ['sh', '-c', 'id'], 'Env': ['A=1'],"
                        + " 'User': 'nobody', 'WorkingDir': '/tmp', 'Tty': true, 'AttachStdin': true,"
                        + " 'AttachStdout': true, 'Privileged': true, 'DetachKeys': 'ctrl-x', 'ConsoleSize': [24, 80]}")));
    }

    @Test
    void absentFieldsAreZeroValues() throws Exception {
        assertEquals(new ExecRequest(List.of(), List.of(), "", "", false, false, false, false, false, ""),
                ExecRequestParser.create(json("{'Env': null}")));
        assertEquals(new ExecStartRequest(false, false, 0, 0), ExecRequestParser.start(json("{}")));
    }

    @Test
    void anExecStartBodyIsTyped() throws Exception {
        assertEquals(new ExecStartRequest(true, true, 24, 80),
                ExecRequestParser.start(json("{'Detach': true, 'Tty': true, 'ConsoleSize': [24, 80]}")));
    }

    @Test
    void wrongJsonTypesAre400sWordedAsDockerdsDecoder() throws Exception {
        assertEquals("json: cannot unmarshal string into Go struct field ExecCreateRequest.Cmd of type []string",
                createError("{'Cmd': 'ls'}"));
        assertEquals("json: cannot unmarshal string into Go struct field ExecCreateRequest.Tty of type bool",
                createError("{'Cmd': ['ls'], 'Tty': 'true'}"));
        assertEquals("json: cannot unmarshal number into Go struct field ExecCreateRequest.User of type string",
                createError("{'Cmd': ['ls'], 'User': 0}"));
        assertEquals("json: cannot unmarshal string into Go struct field ExecCreateRequest.ConsoleSize of type uint",
                createError("{'Cmd': ['ls'], 'ConsoleSize': ['24', 80]}"));
        JsonNode start = json("{'Detach': 'yes'}");
        assertEquals("json: cannot unmarshal string into Go struct field ExecStartRequest.Detach of type bool",
                assertThrows(BerthException.class, () -> ExecRequestParser.start(start)).getMessage());
    }
}
