package dev.berth.image.push;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;

/**
 * Reads an input gzip-compressed, in one pass (header, raw deflate of the input, CRC32 + size trailer): what a layer
 * blob becomes for a registry. Deterministic: no file name, mtime 0.
 */
final class GzipStream {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private GzipStream() {
    }

    static InputStream of(InputStream raw) {
        CRC32 crc = new CRC32();
        CountingCheckedStream checked = new CountingCheckedStream(raw, crc);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        InputStream body = new DeflaterInputStream(checked, deflater, 64 * 1024) {
            @Override
            public void close() throws IOException {
                super.close();
                deflater.end();
            }
        };
        InputStream trailer = new LazyStream(() -> {
            long c = crc.getValue();
            long n = checked.count;
            return new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                    (byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)};
        });
        return new SequenceInputStream(Collections.enumeration(
                List.of(new ByteArrayInputStream(HEADER), body, trailer)));
    }

    private static final class CountingCheckedStream extends CheckedInputStream {
        long count;

        CountingCheckedStream(InputStream in, CRC32 crc) {
            super(in, crc);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Bytes computed when first read (the trailer, once the body is consumed). */
    private static final class LazyStream extends InputStream {
        private final java.util.function.Supplier<byte[]> source;
        private ByteArrayInputStream bytes;

        LazyStream(java.util.function.Supplier<byte[]> source) {
            this.source = source;
        }

        private ByteArrayInputStream bytes() {
            if (bytes == null) {
                bytes = new ByteArrayInputStream(source.get());
            }
            return bytes;
        }

        @Override
        public int read() {
            return bytes().read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes().read(b, off, len);
        }
    }
}
