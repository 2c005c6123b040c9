package dev.berth.runtime.attach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PipeRelayTest {

    /** Records what reaches the client, and when it was ended. */
    static final class RecordingClient implements PipeRelay.Client {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        volatile boolean gone;

        @Override
        public synchronized void write(byte[] bytes) {
            received.writeBytes(bytes);
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public boolean closed() {
            return gone;
        }

        @Override
        public void end() {
            ended.complete(null);
        }

        synchronized byte[] bytes() {
            return received.toByteArray();
        }
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] frame(int stream, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return StreamFrame.of(stream, bytes, bytes.length);
    }

    @Test
    void framesEachStreamWithDockersHeaderAndEndsAfterTheOutcome() throws Exception {
        RecordingClient client = new RecordingClient();
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        new PipeRelay(client, new PipeRelay.Streams(false, true, false), () -> true, outcome, Throwable::getMessage)
                .relay(text("hello\n"), new ByteArrayInputStream(new byte[0]));
        Thread.sleep(50);
        assertTrue(!client.ended.isDone(), "the connection waits for the exit");
        outcome.complete(0);
        client.ended.get(5, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 6, 'h', 'e', 'l', 'l', 'o', '\n'}, client.bytes());
    }

    @Test
    void stderrBeforeTheStartIsHeldAndSentOnceTheProcessRanAndExited() throws Exception {
        RecordingClient client = new RecordingClient();
        new PipeRelay(client, new PipeRelay.Streams(false, false, true), () -> false,
                CompletableFuture.completedFuture(3), Throwable::getMessage)
                .relay(text("dropped: not wanted"), text("oops\n"));
        client.ended.get(5, TimeUnit.SECONDS);
        assertArrayEquals(frame(2, "oops\n"), client.bytes());
    }

    @Test
    void whatTheLauncherPrintedIsDroppedWhenTheProcessNeverStartedAndItsFailureGoesOnStdout() throws Exception {
        RecordingClient client = new RecordingClient();
        new PipeRelay(client, new PipeRelay.Streams(false, true, true), () -> false,
                CompletableFuture.failedFuture(new IOException("exec: \"nosuch\": not found")),
                cause -> "OCI runtime exec failed: " + cause.getMessage() + ": unknown\r\n")
                .relay(new ByteArrayInputStream(new byte[0]), text("exec failed: exec: \"nosuch\": not found\n"));
        client.ended.get(5, TimeUnit.SECONDS);
        assertArrayEquals(frame(1, "OCI runtime exec failed: exec: \"nosuch\": not found: unknown\r\n"), client.bytes());
    }

    @Test
    void stderrGoesOutAsItComesOnceTheProcessStarted() throws Exception {
        RecordingClient client = new RecordingClient();
        PipedOutputStream stderr = new PipedOutputStream();
        PipedInputStream stderrIn = new PipedInputStream(stderr);
        AtomicBoolean started = new AtomicBoolean();
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        new PipeRelay(client, new PipeRelay.Streams(true, true, true), started::get, outcome, Throwable::getMessage)
                .relay(new ByteArrayInputStream(new byte[0]), stderrIn);
        started.set(true);
        stderr.write("live".getBytes(StandardCharsets.UTF_8));
        stderr.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (client.bytes().length == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals("live", new String(client.bytes(), StandardCharsets.UTF_8), "raw: no header, before the exit");
        stderr.close();
        outcome.complete(0);
        client.ended.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aGoneClientGetsNothingButBothPipesAreReadToTheirEnd() throws Exception {
        RecordingClient client = new RecordingClient();
        client.gone = true;
        ByteArrayInputStream out = new ByteArrayInputStream(new byte[200_000]);
        ByteArrayInputStream err = new ByteArrayInputStream(new byte[100]);
        CompletableFuture<Integer> outcome = CompletableFuture.completedFuture(0);
        new PipeRelay(client, new PipeRelay.Streams(false, true, true), () -> true, outcome, Throwable::getMessage)
                .relay(out, err);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((out.available() > 0 || err.available() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, out.available());
        assertEquals(0, err.available());
        assertEquals(0, client.bytes().length);
    }
}
