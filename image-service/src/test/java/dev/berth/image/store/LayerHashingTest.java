package dev.berth.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.archive.ExpansionLimit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LayerHashingTest {
    private static byte[] gzipOfZeros(int size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(new byte[size]);
        }
        return bytes.toByteArray();
    }

    @Test
    void aGzipBombStopsAtTheLimit() throws IOException {
        byte[] bomb = gzipOfZeros(4 << 20);
        assertTrue(bomb.length < 64 << 10, "a small gzip: " + bomb.length);
        assertThrows(ExpansionLimit.ArchiveTooLargeException.class,
                () -> LayerHashing.copy(new ByteArrayInputStream(bomb), OutputStream.nullOutputStream(), 1 << 20));
        StoredBlob ok = LayerHashing.copy(new ByteArrayInputStream(bomb), OutputStream.nullOutputStream(), 4 << 20);
        assertEquals(4 << 20, ok.diffSize());
    }

    @Test
    void aPlainStreamIsBoundedToo() {
        assertThrows(ExpansionLimit.ArchiveTooLargeException.class, () -> LayerHashing.copy(
                new ByteArrayInputStream(new byte[2048]), OutputStream.nullOutputStream(), 1024));
    }
}
