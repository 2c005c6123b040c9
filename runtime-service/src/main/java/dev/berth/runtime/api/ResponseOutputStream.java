package dev.berth.runtime.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;

/** A blocking OutputStream onto a Vert.x response (worker threads only); waits while the write queue is full. */
final class ResponseOutputStream extends OutputStream {
    private final HttpServerResponse response;
    private final byte[] buffer = new byte[64 * 1024];
    private int used;

    ResponseOutputStream(HttpServerResponse response) {
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
            throw new IOException("the client went away");
        }
        response.write(Buffer.buffer(used).appendBytes(buffer, 0, used));
        used = 0;
        try {
            while (response.writeQueueFull() && !response.closed()) {
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
