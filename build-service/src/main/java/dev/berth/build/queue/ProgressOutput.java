package dev.berth.build.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.build.run.JsonLineOutput;
import java.io.OutputStream;
import java.util.function.Consumer;

/** The build's stream messages as progress records, numbered in the order the build writes them. */
final class ProgressOutput extends JsonLineOutput {
    private final int attempt;
    private final Consumer<ProgressRecord> sink;
    private long seq;

    ProgressOutput(int attempt, Consumer<ProgressRecord> sink) {
        super(OutputStream.nullOutputStream());
        this.attempt = attempt;
        this.sink = sink;
    }

    @Override
    protected synchronized void write(JsonNode message) {
        sink.accept(new ProgressRecord(attempt, ++seq, message, false));
    }

    /** Ends the client's stream: the build succeeded, failed or was cancelled. */
    synchronized void end() {
        sink.accept(new ProgressRecord(attempt, ++seq, null, true));
    }
}
