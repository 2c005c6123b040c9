package dev.berth.build.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Docker's multiplexed attach frames (8-byte header: stream, 0, 0, 0, size) handed to the build output. */
final class FrameReader {
    private FrameReader() {
    }

    static void pump(InputStream in, BuildOutput out) throws IOException {
        byte[] header = new byte[8];
        while (true) {
            int read = in.readNBytes(header, 0, 8);
            if (read < 8) {
                return;
            }
            int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            byte[] payload = in.readNBytes(size);
            String text = new String(payload, StandardCharsets.UTF_8);
            if (header[0] == 2) {
                out.stderr(text);
            } else {
                out.stream(text);
            }
            if (payload.length < size) {
                return;
            }
        }
    }
}
