package dev.berth.common.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The most bytes an untrusted archive may expand to once decompressed ({@code berth.archive.max-expanded-bytes},
 * env {@code BERTH_ARCHIVE_MAX_EXPANDED_BYTES}, default 64 GiB): a small gzip that inflates past it (a decompression
 * bomb) is stopped there, and the caller deletes what it wrote. Every service that reads a client's tar (docker
 * load, import, cp, pulled layers) wraps the decompressed stream with {@link #bound}.
 */
public final class ExpansionLimit {
    public static final String PROPERTY = "berth.archive.max-expanded-bytes";
    public static final long DEFAULT = 64L << 30;

    private ExpansionLimit() {
    }

    /** The archive expanded past the limit; the message names the setting. */
    public static final class ArchiveTooLargeException extends IOException {
        public ArchiveTooLargeException(long limit) {
            super("archive expands to more than " + limit + " bytes (the limit set by " + PROPERTY + ")");
        }
    }

    /** The configured limit (read on each call: cheap, and a test may change it). */
    public static long configured() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(PROPERTY, Long.class).orElse(DEFAULT);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return DEFAULT; // no config implementation (plain unit tests) or an unreadable value
        }
    }

    /** {@code in}, failing with {@link ArchiveTooLargeException} once more than {@code limit} bytes were read. */
    public static InputStream bound(InputStream in, long limit) {
        return new Bounded(in, limit);
    }

    /**
     * Skips {@code n} bytes of {@code in} by reading them through its {@code read} (for filters that must see every
     * byte: a count, a digest); returns how many were skipped (fewer at the end of the stream).
     */
    public static long skipByReading(InputStream in, long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(65536, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return skipByReading(this, n); // the wrapped stream's own skip would not be counted
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void counted(int n) throws ArchiveTooLargeException {
            count += n;
            if (count > limit) {
                throw new ArchiveTooLargeException(limit);
            }
        }
    }
}
