package dev.berth.image.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonProgressTest {
    @Test
    void dockerStyleBar() {
        assertEquals("[" + "=".repeat(26) + ">" + " ".repeat(24) + "]  538.9kB/1.028MB",
                JsonProgress.bar(538877, 1027819));
        assertEquals("[" + "=".repeat(50) + ">]  1.028MB/1.028MB", JsonProgress.bar(1027819, 1027819));
        assertEquals("    512B", JsonProgress.bar(512, 0));
    }

    @Test
    void messages() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonProgress p = new JsonProgress(out);
        p.status("Pulling from team/bb", "1");
        p.layer("0123456789ab", "Pulling fs layer");
        p.status("Digest: sha256:x", null);
        p.error("boom");
        assertEquals("{\"status\":\"Pulling from team/bb\",\"id\":\"1\"}\n"
                + "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"0123456789ab\"}\n"
                + "{\"status\":\"Digest: sha256:x\"}\n"
                + "{\"errorDetail\":{\"message\":\"boom\"},\"error\":\"boom\"}\n", out.toString(StandardCharsets.UTF_8));
    }
}
