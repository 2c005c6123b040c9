package dev.berth.image.store;

import dev.berth.common.archive.CopyingInputStream;
import dev.berth.common.archive.ExpansionLimit;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * Copies a stream to an output once, computing the sha256 and size of the bytes as given and, when the stream is
 * gzip (detected by its magic bytes), the sha256 and size of the decompressed content as well. Content larger than
 * {@link ExpansionLimit#configured()} once decompressed (a decompression bomb) fails the copy there.
 */
public final class LayerHashing {
    private static final int BUFFER = 64 * 1024;

    private LayerHashing() {
    }

    public static StoredBlob copy(InputStream input, OutputStream out) throws IOException {
        return copy(input, out, ExpansionLimit.configured());
    }

    /** As {@link #copy(InputStream, OutputStream)}, failing once the content passes {@code limit} bytes. */
    public static StoredBlob copy(InputStream input, OutputStream out, long limit) throws IOException {
        BufferedInputStream in = new BufferedInputStream(input, BUFFER);
        in.mark(2);
        int b0 = in.read();
        int b1 = b0 < 0 ? -1 : in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        Tee tee = new Tee(in, out);
        if (!gzip) {
            String unsafe = LayerScan.scan(ExpansionLimit.bound(tee, limit)).orElse(null); // the tee copies
            String digest = Digests.format(tee.digest.digest());
            return new StoredBlob(digest, tee.count, digest, tee.count, false, unsafe);
        }
        String unsafe;
        Tee diff;
        try (InputStream unzipped = ExpansionLimit.bound(new GZIPInputStream(new NonClosing(tee), BUFFER), limit)) {
            diff = new Tee(unzipped, OutputStream.nullOutputStream()); // hashes the content: the DiffID
            unsafe = LayerScan.scan(diff).orElse(null);
        } catch (java.util.zip.ZipException e) {
            throw new IOException("invalid gzip stream: " + e.getMessage(), e);
        }
        tee.drain();
        return new StoredBlob(Digests.format(tee.digest.digest()), tee.count, Digests.format(diff.digest.digest()),
                diff.count, true, unsafe);
    }

    /** Reads from the source, writes every byte read to the output, hashes and counts it. */
    private static final class Tee extends CopyingInputStream {
        final MessageDigest digest = Digests.sha256();
        long count;

        Tee(InputStream in, OutputStream out) {
            super(in, out);
        }

        @Override
        protected void copied(byte[] b, int off, int n) throws IOException {
            digest.update(b, off, n);
            count += n;
            super.copied(b, off, n);
        }
    }

    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
