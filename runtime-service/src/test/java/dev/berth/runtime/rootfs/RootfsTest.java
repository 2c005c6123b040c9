package dev.berth.runtime.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsTest {
    @TempDir
    Path tmp;

    @Test
    void symlinksResolveAsInAChrootAndNeverLeaveTheRoot() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "x");
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../.."));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        RootPath r = new RootPath(root);
        assertEquals(root, r.resolve("/up", true).host());
        assertEquals(root.resolve("etc/passwd"), r.resolve("/up/up/etc/passwd", false).host());
        assertEquals(root.resolve("etc/passwd"), r.resolve("abs/passwd", false).host());
        assertEquals(root.resolve("etc/passwd"), r.resolve("/../../../etc/passwd", false).host());
        assertEquals(root.resolve("abs"), r.resolve("/abs", false).host(), "the last link is not followed");
        assertEquals(root.resolve("etc"), r.resolve("/abs/", false).host(), "a trailing slash follows it");
        assertEquals("/etc", r.resolve("/abs", true).inContainer());
        assertThrows(IOException.class, () -> r.resolve("/loop/x", false));
    }

    @Test
    void extractionRefusesEscapesBeforeWritingAndWritesThroughLinksOnlyInsideTheRoot() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("data"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path bad = tar(tmp.resolve("bad.tar"), List.of(new Object[] {"ok", TarConstants.LF_NORMAL, "ok"},
                new Object[] {"../outside/x", TarConstants.LF_NORMAL, "x"}));
        assertThrows(ArchiveExtractor.BadArchiveException.class, () -> ArchiveExtractor.validate(bad));
        Path abs = tar(tmp.resolve("abs.tar"), List.<Object[]>of(new Object[] {"/x", TarConstants.LF_NORMAL, "x"}));
        assertThrows(ArchiveExtractor.BadArchiveException.class, () -> ArchiveExtractor.validate(abs));

        Path links = tar(tmp.resolve("links.tar"), List.of(
                new Object[] {"esc", TarConstants.LF_SYMLINK, "../../../../../" + outside},
                new Object[] {"esc/x", TarConstants.LF_NORMAL, "x"},
                new Object[] {"dev", TarConstants.LF_CHR, ""},
                new Object[] {"sub/deep/f", TarConstants.LF_NORMAL, "deep"}));
        ArchiveExtractor.validate(links);
        new ArchiveExtractor(new RootPath(root), false, null, p -> { }).extract(links, "/data");
        try (var s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing written outside the root");
        }
        assertTrue(Files.exists(root.resolve(outside.toString().substring(1)).resolve("x")),
                "the link resolved inside the root");
        assertFalse(Files.exists(root.resolve("data/dev")), "device nodes are dropped");
        assertEquals("deep", Files.readString(root.resolve("data/sub/deep/f")));
    }

    @Test
    void noOverwriteDirNonDirRefusesToReplaceADirectory() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("d/x"));
        Path t = tar(tmp.resolve("t.tar"), List.<Object[]>of(new Object[] {"x", TarConstants.LF_NORMAL, "file"}));
        assertThrows(ArchiveExtractor.BadArchiveException.class,
                () -> new ArchiveExtractor(new RootPath(root), true, null, p -> { }).extract(t, "/d"));
        new ArchiveExtractor(new RootPath(root), false, null, p -> { }).extract(t, "/d");
        assertEquals("file", Files.readString(root.resolve("d/x")));
    }

    @Test
    void upperDirChangesAndOpaqueParsing() throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/passwd"), "root");
        Files.createDirectories(lower.resolve("opq"));
        Files.writeString(lower.resolve("opq/old"), "old");
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/passwd"), "root2");
        Files.writeString(upper.resolve("etc/hostname"), ""); // runc's mount-point stub
        Files.createDirectories(upper.resolve("new"));
        Files.writeString(upper.resolve("new/f"), "f");
        Files.createDirectories(upper.resolve("opq"));
        Files.writeString(upper.resolve("opq/fresh"), "n");
        List<OverlayUpper.Change> changes = new OverlayUpper(upper, List.of(lower), Set.of("opq")).changes();
        assertEquals(List.of(new OverlayUpper.Change("/etc", 0), new OverlayUpper.Change("/etc/passwd", 0),
                new OverlayUpper.Change("/new", 1), new OverlayUpper.Change("/new/f", 1),
                new OverlayUpper.Change("/opq", 0), new OverlayUpper.Change("/opq/fresh", 1),
                new OverlayUpper.Change("/opq/old", 2)), changes);
        String out = "# file: " + upper + "/opq\ntrusted.overlay.opaque=\"y\"\n\n";
        assertEquals(Set.of("opq"), OverlayUpper.opaque(out, upper));
    }

    @Test
    void goFileModes() {
        assertEquals((1L << 31) | 0755, PathStat.goMode(0040755));
        assertEquals((1L << 27) | 0777, PathStat.goMode(0120777));
        assertEquals((1L << 23) | 0755, PathStat.goMode(0104755));
        assertEquals("x", ContainerArchive.baseName("/a/x/"));
        assertEquals(".", ContainerArchive.baseName("/a/x/."));
    }

    private static Path tar(Path file, List<Object[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Object[] e : entries) {
                byte type = (Byte) e[1];
                TarArchiveEntry t = new TarArchiveEntry((String) e[0], type, true);
                byte[] data = type == TarConstants.LF_NORMAL ? ((String) e[2]).getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
                if (type == TarConstants.LF_SYMLINK) {
                    t.setLinkName((String) e[2]);
                }
                t.setSize(data.length);
                t.setMode(0644);
                t.setUserId(Math.toIntExact(Long.parseLong(System.getProperty("test.uid", "0"))));
                tar.putArchiveEntry(t);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        Files.write(file, bytes.toByteArray());
        return file;
    }
}
