package dev.berth.runtime.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Streams a container's log to a client as {@code docker logs} does: the records the {@link LogQuery} selects, framed
 * in batches, read in large chunks straight from the files (a {@code --tail} starts near the end instead of reading
 * everything), and with {@code follow} on until the container stops producing output and the client goes away.
 * Memory stays flat whatever the log's size: one read chunk and one output batch, with the sink's backpressure.
 */
public final class LogStreamer {
    static final int READ_CHUNK = 1 << 20;
    private static final long FOLLOW_POLL_MILLIS = 50;
    private static final byte[] NOTHING = new byte[0];

    private final LogQuery query;
    private final LogFrames frames;
    private final LogSink sink;
    private final long since;
    private final long until;
    private final LogRecord record = new LogRecord();

    private LogStreamer(LogQuery query, boolean tty, LogSink sink) {
        this.query = query;
        this.frames = new LogFrames(tty, query.timestamps(), sink);
        this.sink = sink;
        this.since = query.sinceNanos();
        this.until = query.untilNanos();
    }

    /**
     * Streams the log in {@code bundle} ({@code ctr.log} and its rotated files). {@code producing} says whether the
     * container may still write (its conmon is alive or it is starting); a follow ends once it is not and all it
     * wrote has been read.
     */
    public static void stream(Path bundle, LogQuery query, boolean tty, LogSink sink, BooleanSupplier producing)
            throws IOException, InterruptedException {
        new LogStreamer(query, tty, sink).run(bundle, producing);
    }

    private void run(Path bundle, BooleanSupplier producing) throws IOException, InterruptedException {
        RotatedLog.Cursor cursor = query.tail() >= 0 ? LogTail.position(bundle, query.tail(), this::selects)
                : new RotatedLog.Cursor(bundle);
        byte[] carry = NOTHING;
        boolean lastLook = false;
        while (!sink.closed()) {
            byte[] chunk = cursor.readMore(READ_CHUNK);
            if (chunk.length > 0) {
                int from = 0;
                if (carry.length > 0) {
                    // the line begun in the last chunk: only it is copied, not the whole chunk
                    int nl = LogRecord.indexOf(chunk, 0, chunk.length, (byte) '\n');
                    if (nl < 0) {
                        carry = concat(carry, chunk, chunk.length);
                        continue;
                    }
                    if (emitLines(concat(carry, chunk, nl + 1), 0) < 0) {
                        return;
                    }
                    from = nl + 1;
                }
                int start = emitLines(chunk, from);
                if (start < 0) {
                    return;
                }
                carry = start == chunk.length ? NOTHING : Arrays.copyOfRange(chunk, start, chunk.length);
                continue;
            }
            if (!frames.flush() || !query.follow() || lastLook) {
                break;
            }
            if (!producing.getAsBoolean()) {
                lastLook = true; // what it wrote before it stopped may have landed after this read: read once more
                continue;
            }
            Thread.sleep(FOLLOW_POLL_MILLIS);
        }
        frames.flush();
    }

    /**
     * Emits every whole line in {@code data} from {@code start}; returns where the unfinished rest starts, or -1 if
     * the client left.
     */
    private int emitLines(byte[] data, int start) throws InterruptedException {
        for (int nl; (nl = LogRecord.indexOf(data, start, data.length, (byte) '\n')) >= 0; start = nl + 1) {
            if (record.parse(data, start, nl) && selects(record) && !frames.add(record)) {
                return -1;
            }
        }
        return start;
    }

    /** Whether the query wants this record: its stream, and inside the time window if there is one. */
    boolean selects(LogRecord r) {
        if (!query.wants(r.stream)) {
            return false;
        }
        if (!query.needsTime()) {
            return true;
        }
        long t = r.epochNanos();
        return t != LogTimestamps.UNREADABLE && t >= since && t <= until;
    }

    /** {@code a} followed by the first {@code length} bytes of {@code b}. */
    private static byte[] concat(byte[] a, byte[] b, int length) {
        byte[] out = Arrays.copyOf(a, a.length + length);
        System.arraycopy(b, 0, out, a.length, length);
        return out;
    }
}
