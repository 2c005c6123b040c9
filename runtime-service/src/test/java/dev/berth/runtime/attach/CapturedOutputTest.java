package dev.berth.runtime.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CapturedOutputTest {
    @Test
    void keepsBothStreamsRawUpToItsLimitAndEndsWithTheRelay() throws Exception {
        CapturedOutput output = new CapturedOutput(8);
        new PipeRelay(output, new PipeRelay.Streams(true, true, true), () -> true, CompletableFuture.completedFuture(0),
                Throwable::getMessage).relay(new ByteArrayInputStream("fine\nand more".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayInputStream(new byte[0]));
        output.ended.get(5, TimeUnit.SECONDS);
        assertEquals("fine\nand", output.text());
    }

    @Test
    void aProcessThatNeverStartedLeavesTheStartsError() throws Exception {
        CapturedOutput output = new CapturedOutput(4096);
        new PipeRelay(output, new PipeRelay.Streams(true, true, true), () -> false,
                CompletableFuture.failedFuture(new java.io.IOException("exec: \"nosuch\": not found")),
                cause -> "OCI runtime exec failed: " + cause.getMessage() + ": unknown")
                .relay(new ByteArrayInputStream(new byte[0]),
                        new ByteArrayInputStream("runc's own line\n".getBytes(StandardCharsets.UTF_8)));
        output.ended.get(5, TimeUnit.SECONDS);
        assertEquals("OCI runtime exec failed: exec: \"nosuch\": not found: unknown", output.text());
    }
}
