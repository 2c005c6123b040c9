package dev.berth.runtime.attach;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link PipeRelay} client that keeps the first {@code limit} bytes of what it is sent (a health-check probe's
 * output: dockerd keeps 4096 bytes) and completes {@link #ended} when the relay ends.
 */
public final class CapturedOutput implements PipeRelay.Client {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    public final CompletableFuture<Void> ended = new CompletableFuture<>();

    public CapturedOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(byte[] bytes) {
        kept.write(bytes, 0, Math.min(bytes.length, limit - kept.size()));
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public boolean closed() {
        return false;
    }

    @Override
    public void end() {
        ended.complete(null);
    }

    /** What was kept so far (also while the process still runs). */
    public synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
