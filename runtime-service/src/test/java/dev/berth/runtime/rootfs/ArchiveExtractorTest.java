package dev.berth.runtime.rootfs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {
    @TempDir
    Path dir;

    @Test
    void aGzipBombIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path archive = dir.resolve("bomb.tar.gz");
        try (OutputStream file = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
            TarArchiveEntry e = new TarArchiveEntry("zeros");
            e.setSize(1 << 20);
            tar.putArchiveEntry(e);
            tar.write(new byte[1 << 20]);
            tar.closeArchiveEntry();
        }
        assertTrue(Files.size(archive) < 16 << 10);
        ArchiveExtractor.BadArchiveException e = assertThrows(ArchiveExtractor.BadArchiveException.class,
                () -> ArchiveExtractor.validate(archive, 64 << 10));
        assertTrue(e.getMessage().contains("berth.archive.max-expanded-bytes"), e.getMessage());
        ArchiveExtractor.validate(archive, 2 << 20);
    }
}
