package dev.berth.runtime.logs;

import io.vertx.core.buffer.Buffer;

/**
 * Docker's log framing into batches: raw bytes with a TTY, else an 8-byte header per record (stream, 0, 0, 0,
 * big-endian length) as dockerd's stdcopy writes it. Records are gathered into one buffer and handed to the
 * {@link LogSink} when it passes {@link #BATCH} bytes, so a log of 100 000 lines is a few hundred writes, not 100 000.
 */
final class LogFrames {
    static final int BATCH = 64 * 1024;
    private final boolean tty;
    private final boolean timestamps;
    private final LogSink sink;
    private Buffer batch = Buffer.buffer(BATCH + 1024);

    LogFrames(boolean tty, boolean timestamps, LogSink sink) {
        this.tty = tty;
        this.timestamps = timestamps;
        this.sink = sink;
    }

    /** Adds one record; false once the receiver is gone. */
    boolean add(LogRecord r) throws InterruptedException {
        byte[] stamp = timestamps ? LogTimestamps.dockerForm(r.bytes, r.timeFrom, r.timeTo) : null;
        int length = r.textLength() + (stamp == null ? 0 : stamp.length + 1);
        if (!tty) {
            batch.appendByte((byte) r.stream).appendByte((byte) 0).appendByte((byte) 0).appendByte((byte) 0)
                    .appendInt(length);
        }
        if (stamp != null) {
            batch.appendBytes(stamp).appendByte((byte) ' ');
        }
        batch.appendBytes(r.bytes, r.contentFrom, r.contentTo - r.contentFrom);
        if (!r.partial) {
            batch.appendByte((byte) '\n');
        }
        return batch.length() < BATCH || flush();
    }

    /** Hands what is gathered to the sink; false once the receiver is gone. */
    boolean flush() throws InterruptedException {
        if (batch.length() == 0) {
            return !sink.closed();
        }
        Buffer full = batch;
        batch = Buffer.buffer(BATCH + 1024);
        return sink.write(full);
    }
}
