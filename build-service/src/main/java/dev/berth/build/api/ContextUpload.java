package dev.berth.build.api;

import dev.berth.build.context.ContextScan;
import dev.berth.common.digest.Sha256Sink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A build context as the client sends it: on a worker thread, while the upload still streams in, each piece is
 * written to the spool file and hashed (its address in the context store), and the tar is scanned
 * ({@link ContextScan}), so the build is checked moments after the last byte rather than read again from disk. The
 * request is paused while more than {@value #HIGH} bytes wait for the worker. A context the scan refuses (not a tar,
 * past the size limit) stops being written; the rest of the upload is read and dropped, then the refusal is the
 * answer.
 */
final class ContextUpload {
    private static final int HIGH = 4 << 20;
    private static final int LOW = 1 << 20;
    /** Writes to the file and the hash go in pieces this large (not the tar reader's 2 KiB skips). */
    private static final int BUFFER = 256 * 1024;
    private static final byte[] END = new byte[0];
    private static final byte[] BROKEN = new byte[0];

    /** An upload read to its end: the spool file and its scan, digest included. */
    record Received(Path spool, ContextScan scan) {
    }

    private final HttpServerRequest request;
    private final Context context;
    private final BlockingQueue<byte[]> pieces = new LinkedBlockingQueue<>();
    private long waiting;
    private boolean paused;

    private ContextUpload(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
    }

    /** Reads the (paused) request's body into {@code spool}, scanning it for the {@code wanted} files. */
    static Future<Received> receive(Vertx vertx, HttpServerRequest request, Path spool, Set<String> wanted,
            long maxBytes) {
        ContextUpload upload = new ContextUpload(request, vertx.getOrCreateContext());
        request.handler(upload::piece);
        request.endHandler(v -> upload.pieces.add(END));
        request.exceptionHandler(e -> upload.pieces.add(BROKEN));
        Future<Received> received = vertx.executeBlocking(() -> upload.consume(spool, wanted, maxBytes), false);
        request.resume();
        return received;
    }

    /** On the event loop: hands a piece to the worker, pausing the client while the worker is behind. */
    private void piece(io.vertx.core.buffer.Buffer buffer) {
        byte[] bytes = buffer.getBytes();
        pieces.add(bytes);
        synchronized (this) {
            waiting += bytes.length;
            if (waiting > HIGH && !paused) {
                paused = true;
                request.pause();
            }
        }
    }

    /** On the worker: a piece was taken; the client goes on once the worker has caught up. */
    private synchronized void taken(int length) {
        waiting -= length;
        if (waiting < LOW && paused) {
            paused = false;
            context.runOnContext(v -> request.resume());
        }
    }

    private Received consume(Path spool, Set<String> wanted, long maxBytes) throws IOException {
        Pieces body = new Pieces();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(spool, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), BUFFER); Sha256Sink sha = Sha256Sink.open()) {
            OutputStream hashed = new BufferedOutputStream(sha, BUFFER);
            Copying copying = new Copying(body, file, hashed);
            ContextScan scan;
            try {
                scan = ContextScan.read(copying, wanted, maxBytes);
                copying.transferTo(OutputStream.nullOutputStream()); // the padding after the last entry
            } catch (RuntimeException | IOException e) {
                body.transferTo(OutputStream.nullOutputStream()); // the client finishes sending, then hears why
                throw e;
            }
            file.close();
            hashed.flush();
            return new Received(spool, scan.withDigest(sha.digest()));
        }
    }

    /** The pieces as one stream, in order; resumes the client once the worker has caught up. */
    private final class Pieces extends BulkInput {
        private byte[] current = new byte[0];
        private int position;

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            while (position == current.length) {
                if (current == END) {
                    return -1;
                }
                if (current == BROKEN) {
                    throw new IOException("the client stopped sending the build context");
                }
                current = next();
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, into, offset, n);
            position += n;
            return n;
        }

        private byte[] next() throws IOException {
            byte[] piece;
            try {
                piece = pieces.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the build context", e);
            }
            taken(piece.length);
            return piece;
        }
    }

    /** Reading through it copies every byte read to the file and the hash. */
    private static final class Copying extends BulkInput {
        private final InputStream in;
        private final OutputStream file;
        private final OutputStream sha;

        Copying(InputStream in, OutputStream file, OutputStream sha) {
            this.in = in;
            this.file = file;
            this.sha = sha;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int n = in.read(into, offset, length);
            if (n > 0) {
                file.write(into, offset, n);
                sha.write(into, offset, n);
            }
            return n;
        }

        /** Skipped bytes are copied too, read in large pieces. */
        @Override
        public long skip(long count) throws IOException {
            byte[] buffer = new byte[(int) Math.min(count, 64 * 1024)];
            long skipped = 0;
            while (skipped < count) {
                int n = read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
                if (n < 0) {
                    break;
                }
                skipped += n;
            }
            return skipped;
        }
    }

    /** A stream read in blocks: a single byte is a block of one. */
    private abstract static class BulkInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }
}
