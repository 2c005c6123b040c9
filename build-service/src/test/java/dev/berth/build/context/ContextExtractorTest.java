package dev.berth.build.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextExtractorTest {
    @TempDir
    Path dir;

    private static byte[] tar(Object... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                String name = (String) entries[i];
                Object value = entries[i + 1];
                TarArchiveEntry entry;
                if (value instanceof String link && link.startsWith("->")) {
                    entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(link.substring(2));
                    out.putArchiveEntry(entry);
                } else {
                    byte[] content = ((String) value).getBytes(StandardCharsets.UTF_8);
                    entry = new TarArchiveEntry(name);
                    entry.setSize(content.length);
                    entry.setMode(0100644);
                    out.putArchiveEntry(entry);
                    out.write(content);
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void unpacksPlainAndGzip() throws IOException {
        new ContextExtractor(1 << 20).extract(new ByteArrayInputStream(tar("Dockerfile", "FROM a\n",
                "src/app.py", "print(1)\n")), dir);
        assertEquals("print(1)\n", Files.readString(dir.resolve("src/app.py")));
        Path other = Files.createDirectory(dir.resolve("other"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar("a.txt", "gz"));
        }
        new ContextExtractor(1 << 20).extract(new ByteArrayInputStream(gz.toByteArray()), other);
        assertEquals("gz", Files.readString(other.resolve("a.txt")));
    }

    @Test
    void refusesEscapes() throws IOException {
        assertThrows(BerthException.class, () -> new ContextExtractor(1 << 20)
                .extract(new ByteArrayInputStream(tar("../evil", "x")), dir));
        assertThrows(BerthException.class, () -> new ContextExtractor(1 << 20)
                .extract(new ByteArrayInputStream(tar("link", "->/tmp", "link/evil", "x")), dir));
        assertFalse(Files.exists(Path.of("/tmp/evil")));
        assertEquals("a/b", ContextPaths.clean("/./a//b/"));
    }

    @Test
    void createsNoDirectoryThroughASymlinkAndLinksNoFileOutside() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host");
        Path context = Files.createDirectory(dir.resolve("context"));
        assertThrows(BerthException.class, () -> new ContextExtractor(1 << 20).extract(new ByteArrayInputStream(
                tar("link", "->" + outside, "link/sub/evil", "x")), context));
        assertFalse(Files.exists(outside.resolve("sub")), "a directory was created outside the context");
        Path second = Files.createDirectory(dir.resolve("second"));
        assertThrows(BerthException.class, () -> new ContextExtractor(1 << 20).extract(new ByteArrayInputStream(
                tarWithHardLink("link", outside.toString(), "stolen", "link/secret")), second));
        assertFalse(Files.exists(second.resolve("stolen")), "a host file was hard-linked into the context");
    }

    @Test
    void followsASymlinkThatStaysInside() throws IOException {
        new ContextExtractor(1 << 20).extract(new ByteArrayInputStream(tar("real/a", "1", "alias", "->real",
                "alias/b", "2")), dir);
        assertEquals("2", Files.readString(dir.resolve("real/b")));
    }

    private static byte[] tarWithHardLink(String symlink, String symlinkTarget, String name, String linkName)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry link = new TarArchiveEntry(symlink, TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(symlinkTarget);
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
            hard.setLinkName(linkName);
            out.putArchiveEntry(hard);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void enforcesTheSizeLimit() {
        assertThrows(BerthException.class, () -> new ContextExtractor(3)
                .extract(new ByteArrayInputStream(tar("big", "12345")), dir));
    }

    @Test
    void copySelectionFollowsDockerRulesAndIgnoresOwnersAndTimes() throws IOException {
        new ContextExtractor(1 << 20).extract(new ByteArrayInputStream(tar("app/a.txt", "A", "app/sub/b.txt", "B",
                "one.txt", "1", "two.txt", "2", "escape", "->/etc/passwd")), dir);
        CopySelection dirCopy = CopySelection.of(dir, List.of("app"), "/srv", false, FileDigests.uncached());
        assertEquals(List.of("/srv/a.txt", "/srv/sub", "/srv/sub/b.txt"),
                dirCopy.items().stream().map(CopyItem::destination).toList());
        assertTrue(dirCopy.contentDigest().startsWith("dir:"));
        CopySelection glob = CopySelection.of(dir, List.of("*.txt"), "/dst/", false, FileDigests.uncached());
        assertEquals(List.of("/dst/one.txt", "/dst/two.txt"), glob.items().stream().map(CopyItem::destination)
                .toList());
        CopySelection single = CopySelection.of(dir, List.of("one.txt"), "/renamed", false, FileDigests.uncached());
        assertEquals("/renamed", single.items().get(0).destination());
        String before = single.contentDigest();
        Files.setLastModifiedTime(dir.resolve("one.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
        assertEquals(before, CopySelection.of(dir, List.of("one.txt"), "/renamed", false,
                FileDigests.uncached()).contentDigest());
        Files.writeString(dir.resolve("one.txt"), "changed");
        String changed = CopySelection.of(dir, List.of("one.txt"), "/renamed", false,
                FileDigests.uncached()).contentDigest();
        assertFalse(before.equals(changed));
        assertThrows(BerthException.class, () -> CopySelection.of(dir, List.of("escape"), "/x", false,
                FileDigests.uncached()));
        assertThrows(BerthException.class, () -> CopySelection.of(dir, List.of("missing"), "/x", false,
                FileDigests.uncached()));
        assertThrows(BerthException.class, () -> CopySelection.of(dir, List.of("../x"), "/x", false,
                FileDigests.uncached()));
    }
}
