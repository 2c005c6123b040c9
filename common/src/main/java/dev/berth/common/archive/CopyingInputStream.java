package dev.berth.common.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes every byte read through it to {@code copy} (a file, a hash): a skip reads, so the copy misses nothing.
 * {@link #copied} is the hook for a subclass that looks at the bytes too.
 */
public class CopyingInputStream extends FilterInputStream {
    private final OutputStream copy;

    public CopyingInputStream(InputStream in, OutputStream copy) {
        super(in);
        this.copy = copy;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            copied(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            copied(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return ExpansionLimit.skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads (and so copies) what is left. */
    public void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // keep copying
        }
    }

    /** {@code n} bytes were read into {@code b} at {@code off}: they go to the copy. */
    protected void copied(byte[] b, int off, int n) throws IOException {
        copy.write(b, off, n);
    }
}
