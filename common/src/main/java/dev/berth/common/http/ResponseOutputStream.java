package dev.berth.common.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking OutputStream over a Vert.x response for a worker thread, with backpressure: when the response's write
 * queue is full the writer waits for it to drain, so a large body never piles up in memory.
 */
public final class ResponseOutputStream extends OutputStream {
    private static final int CHUNK = 64 * 1024;
    private static final long DRAIN_TIMEOUT_MINUTES = 10;

    private final HttpServerResponse response;
    private final byte[] buffer = new byte[CHUNK];
    private int used;

    public ResponseOutputStream(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        if (used == buffer.length) {
            flush();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == buffer.length) {
                flush();
            }
            int n = Math.min(len, buffer.length - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (used == 0) {
            return;
        }
        if (response.closed()) {
            throw new IOException("client went away");
        }
        response.write(Buffer.buffer(java.util.Arrays.copyOf(buffer, used)));
        used = 0;
        if (response.writeQueueFull()) {
            CompletableFuture<Void> drained = new CompletableFuture<>();
            response.drainHandler(v -> drained.complete(null));
            response.closeHandler(v -> drained.completeExceptionally(new IOException("client went away")));
            if (!response.writeQueueFull()) {
                drained.complete(null);
            }
            try {
                drained.get(DRAIN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("client is not reading: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
