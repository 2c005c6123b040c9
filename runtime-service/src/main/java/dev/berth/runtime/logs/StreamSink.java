package dev.berth.runtime.logs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LogSink} over a Vert.x connection, written from a worker thread: a batch waits while the connection's
 * write queue is full (its drain handler wakes it), so a slow client slows the reading instead of filling memory.
 */
public final class StreamSink implements LogSink {
    private final WriteStream<Buffer> stream;
    private volatile boolean closed;

    public StreamSink(WriteStream<Buffer> stream) {
        this.stream = stream;
    }

    /** The connection went away; called from its close handler. */
    public void markClosed() {
        closed = true;
    }

    @Override
    public boolean write(Buffer batch) throws InterruptedException {
        if (closed) {
            return false;
        }
        stream.write(batch);
        while (stream.writeQueueFull() && !closed) {
            CountDownLatch drained = new CountDownLatch(1);
            stream.drainHandler(v -> drained.countDown());
            if (stream.writeQueueFull()) {
                drained.await(50, TimeUnit.MILLISECONDS); // bounded: a close may come without a drain
            }
        }
        return !closed;
    }

    @Override
    public boolean closed() {
        return closed;
    }
}
