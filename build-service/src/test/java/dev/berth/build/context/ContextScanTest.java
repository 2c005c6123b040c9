package dev.berth.build.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.build.run.BuildOptions;
import dev.berth.common.errors.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextScanTest {
    @TempDir
    Path dir;

    /** Entries as name, content pairs; content "->x" is a symlink to x, "=>x" a hard link to x, "/" a directory. */
    private Path tar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                String value = entries[i + 1];
                TarArchiveEntry entry;
                if (value.startsWith("->") || value.startsWith("=>")) {
                    entry = new TarArchiveEntry(entries[i], value.startsWith("->") ? TarArchiveEntry.LF_SYMLINK
                            : TarArchiveEntry.LF_LINK);
                    entry.setLinkName(value.substring(2));
                    out.putArchiveEntry(entry);
                } else if (value.equals("/")) {
                    out.putArchiveEntry(new TarArchiveEntry(entries[i] + "/"));
                } else {
                    byte[] content = value.getBytes(StandardCharsets.UTF_8);
                    entry = new TarArchiveEntry(entries[i]);
                    entry.setSize(content.length);
                    entry.setMode(0100644);
                    out.putArchiveEntry(entry);
                    out.write(content);
                }
                out.closeArchiveEntry();
            }
        }
        Path file = Files.createTempFile(dir, "context", ".tar");
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static BuildOptions options(String dockerfile, String target) {
        return new BuildOptions(List.of(), dockerfile, Map.of(), false, false, false, true, false, Map.of(),
                List.of(), target, "default", List.of(), BuildOptions.Limits.NONE, "", null);
    }

    @Test
    void digestsTheBytesAndKeepsTheLastEntryOfAWantedName() throws Exception {
        Path tar = tar("Dockerfile", "FROM a\n", "big.bin", "x".repeat(10_000), "Dockerfile", "FROM b\n");
        ContextScan scan = ContextScan.of(tar, Set.of("Dockerfile", "other"), 1 << 20);
        assertEquals(sha256(Files.readAllBytes(tar)), scan.digest());
        assertArrayEquals("FROM b\n".getBytes(StandardCharsets.UTF_8), scan.file("Dockerfile"));
        assertTrue(scan.plain());
        assertFalse(scan.present("other"));
        assertEquals(null, scan.file("big.bin"));
    }

    @Test
    void linksMakeTheScanUncertain() throws IOException {
        assertFalse(ContextScan.of(tar("a", "1", "b", "=>a"), Set.of(), 1 << 20).plain());
        assertFalse(ContextScan.of(tar("sub", "->/tmp", "sub/x", "1"), Set.of(), 1 << 20).plain());
        ContextScan throughLink = ContextScan.of(tar("real/Dockerfile", "FROM a\n", "sub", "->real"),
                Set.of("sub/Dockerfile"), 1 << 20);
        assertTrue(throughLink.throughSymlink("sub/Dockerfile"));
        assertFalse(throughLink.present("sub/Dockerfile"));
    }

    @Test
    void refusesWhatTheWorkerWouldRefuseWithoutUnpacking() throws IOException {
        Path scratch = dir.resolve("scratch");
        BerthException missing = assertThrows(BerthException.class, () -> BuildContext.check(tar("a", "1"),
                scratch, options("", ""), 1 << 20));
        assertEquals("Cannot locate specified Dockerfile: Dockerfile", missing.getMessage());
        assertThrows(BerthException.class, () -> BuildContext.check(tar("Dockerfile", "FROM a\n", "big", "12345"),
                scratch, options("", ""), 8));
        assertThrows(BerthException.class, () -> BuildContext.check(tar("Dockerfile", "FROM a AS one\n"), scratch,
                options("", "two"), 1 << 20));
        Path lower = tar("dockerfile", "FROM a\n");
        assertEquals(ContextScan.of(lower, Set.of(), 1 << 20).digest(),
                BuildContext.check(lower, scratch, options("", ""), 1 << 20));
        assertFalse(Files.exists(scratch), "a plain context is not unpacked");
    }

    @Test
    void unpacksWhenALinkDecidesWhatTheDockerfileIs() throws IOException {
        Path scratch = dir.resolve("scratch");
        BuildContext.check(tar("real/Dockerfile", "FROM a\n", "sub", "->real"), scratch, options("sub/Dockerfile", ""),
                1 << 20);
        assertTrue(Files.isRegularFile(scratch.resolve("real/Dockerfile")));
        Path outside = dir.resolve("outside");
        assertThrows(BerthException.class, () -> BuildContext.check(tar("Dockerfile", "FROM a\n", "link", "->/tmp",
                "link/x", "1"), outside, options("", ""), 1 << 20));
    }

    @Test
    void remembersLargeFileDigestsPerContextContent() throws IOException {
        FileDigestCache cache = new FileDigestCache();
        Path root = Files.createDirectories(dir.resolve("ctx"));
        Path big = Files.write(root.resolve("big.bin"), new byte[(int) FileDigests.REMEMBERED_FROM]);
        Path small = Files.writeString(root.resolve("small.txt"), "1");
        String first = cache.of("sha256:aa", root).of(big.toRealPath());
        String smallFirst = cache.of("sha256:aa", root).of(small.toRealPath());
        Files.write(big, new byte[(int) FileDigests.REMEMBERED_FROM + 1]);
        Files.writeString(small, "2");
        assertEquals(first, cache.of("sha256:aa", root).of(big.toRealPath()), "the same context content: remembered");
        assertNotEquals(first, cache.of("sha256:bb", root).of(big.toRealPath()), "another context: hashed again");
        assertNotEquals(smallFirst, cache.of("sha256:aa", root).of(small.toRealPath()), "small files: never kept");
        assertNotEquals(first, FileDigests.uncached().of(big.toRealPath()));
    }
}
