package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The exec bodies → {@link ExecRequest} and {@link ExecStartRequest}, strictly (Go's wording for wrong types). */
public final class ExecRequestParser {
    private ExecRequestParser() {
    }

    /** {@code POST /containers/{id}/exec}. */
    public static ExecRequest create(JsonNode body) {
        WireObject e = WireObject.of(body, "ExecCreateRequest", "");
        consoleSize(e);
        return new ExecRequest(e.strings("Cmd"), e.strings("Env"), e.string("User"), e.string("WorkingDir"),
                e.bool("Tty"), e.bool("AttachStdin"), e.bool("AttachStdout"), e.bool("AttachStderr"),
                e.bool("Privileged"), e.string("DetachKeys"));
    }

    /** {@code POST /exec/{id}/start}. */
    public static ExecStartRequest start(JsonNode body) {
        WireObject s = WireObject.of(body, "ExecStartRequest", "");
        List<Long> size = consoleSize(s);
        return new ExecStartRequest(s.bool("Detach"), s.bool("Tty"), size.get(0).intValue(), size.get(1).intValue());
    }

    /** ConsoleSize, a {@code *[2]uint}: [height, width], zeros when absent. */
    private static List<Long> consoleSize(WireObject o) {
        List<Long> size = o.unsignedArray("ConsoleSize", "[2]uint", "uint", 2);
        return size.isEmpty() ? List.of(0L, 0L) : size;
    }
}
