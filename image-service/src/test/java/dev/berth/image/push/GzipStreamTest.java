package dev.berth.image.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipStreamTest {
    @Test
    void compressesToStandardGzipDeterministically() throws IOException {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        System.arraycopy(new byte[100_000], 0, data, 0, 100_000);
        byte[] once = GzipStream.of(new ByteArrayInputStream(data)).readAllBytes();
        byte[] twice = GzipStream.of(new ByteArrayInputStream(data)).readAllBytes();
        assertArrayEquals(once, twice);
        assertArrayEquals(data, new GZIPInputStream(new ByteArrayInputStream(once)).readAllBytes());
    }
}
