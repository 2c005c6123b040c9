package dev.berth.runtime.logs;

import io.vertx.core.buffer.Buffer;

/** Where framed log output goes: a connection that pushes back when its queue is full. */
public interface LogSink {
    /** Writes a batch, waiting while the receiver is behind; returns false once the receiver is gone. */
    boolean write(Buffer batch) throws InterruptedException;

    /** Whether the receiver went away (reading stops). */
    boolean closed();
}
