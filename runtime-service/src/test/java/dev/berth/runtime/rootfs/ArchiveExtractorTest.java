package dev.berth.runtime.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
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

    @Test
    void aFifoIsMadeAndChmodedWithoutOpeningIt() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Path archive = dir.resolve("fifo.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            TarArchiveEntry e = new TarArchiveEntry("fifo", TarConstants.LF_FIFO);
            e.setMode(010640);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }
        ArchiveExtractor extractor = new ArchiveExtractor(new RootPath(root), false, null, path -> {
            try {
                new ProcessBuilder("mkfifo", path.toString()).start().waitFor();
            } catch (InterruptedException ex) {
                throw new IOException(ex);
            }
        });
        // before the fix the chmod opened the FIFO and waited for a writer forever
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> extractor.extract(archive, "/"));
        assertTrue(Files.readAttributes(root.resolve("fifo"), BasicFileAttributes.class).isOther());
        assertEquals(0640, (int) Files.getAttribute(root.resolve("fifo"), "unix:mode") & 07777);
    }

    @Test
    void namesPastLinuxLimitsAreRefusedUpFront() throws IOException {
        for (String name : new String[] {"n".repeat(256), ("d".repeat(200) + "/").repeat(21) + "deep"}) {
            Path archive = dir.resolve("long.tar");
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.putArchiveEntry(new TarArchiveEntry(name));
                tar.closeArchiveEntry();
            }
            ArchiveExtractor.BadArchiveException e = assertThrows(ArchiveExtractor.BadArchiveException.class,
                    () -> ArchiveExtractor.validate(archive));
            assertTrue(e.getMessage().startsWith("file name too long"), e.getMessage());
        }
    }
}
