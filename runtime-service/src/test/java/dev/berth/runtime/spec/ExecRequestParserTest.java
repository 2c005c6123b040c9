package dev.berth.runtime.spec;

import static dev.berth.runtime.spec.WireJson.invalid;
import static dev.berth.runtime.spec.WireJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecRequestParserTest {
    private static String createError(String body) throws Exception {
        return invalid(body, ExecRequestParser::create);
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
        assertEquals("json: cannot unmarshal string into Go struct field ExecStartRequest.Detach of type bool",
                invalid("{'Detach': 'yes'}", ExecRequestParser::start));
    }
}
