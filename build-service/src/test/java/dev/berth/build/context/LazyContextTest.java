package dev.berth.build.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LazyContextTest {
    private static final int BIG = 200 * 1024;

    @TempDir
    Path dir;

    /** Entries: name, then byte[] content (with mode) / "->target" symlink / "=>source" hard link / "dir/". */
    private static byte[] tar(Object... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.length; i += 3) {
                String name = (String) entries[i];
                Object value = entries[i + 1];
                int mode = (Integer) entries[i + 2];
                TarArchiveEntry entry;
                if (value instanceof String link && link.startsWith("->")) {
                    entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(link.substring(2));
                } else if (value instanceof String link && link.startsWith("=>")) {
                    entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
                    entry.setLinkName(link.substring(2));
                } else if (value instanceof String) {
                    entry = new TarArchiveEntry(name + "/");
                    entry.setMode(040000 | mode);
                } else {
                    entry = new TarArchiveEntry(name);
                    entry.setSize(((byte[]) value).length);
                    entry.setMode(0100000 | mode);
                }
                out.putArchiveEntry(entry);
                if (value instanceof byte[] content) {
                    out.write(content);
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static String key(Path root, FileDigests digests) throws IOException {
        CopySelection selection = CopySelection.of(root, List.of("."), "/app/", true, digests);
        return selection.contentDigest() + " " + selection.manifest();
    }

    private final byte[] big = random(BIG, 1);
    private final byte[] project = uncheck(() -> tar("Dockerfile", "FROM busybox\n".getBytes(StandardCharsets.UTF_8),
            0644, "src", "dir", 0755, "src/big.bin", random(BIG, 9), 0644, "src/big.bin", big, 0755,
            "src/app.py", "print(1)\n".getBytes(StandardCharsets.UTF_8), 0644, "ro.bin", random(BIG, 2), 0444,
            "link", "->src/big.bin", 0777));

    private interface Io<T> {
        T get() throws IOException;
    }

    private static <T> T uncheck(Io<T> io) {
        try {
            return io.get();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void copyKeysEqualThoseOfAFullUnpackWithoutWritingLargeFiles() throws IOException {
        Path tar = file("context.tar", project);
        Path full = Files.createDirectory(dir.resolve("full"));
        new ContextExtractor(1 << 24).extract(new ByteArrayInputStream(project), full);
        String expected = key(full, FileDigests.uncached());

        FileDigestCache cache = new FileDigestCache();
        String address = "sha256:" + "a".repeat(64);
        Map<String, String> known = cache.known(address);
        Path first = Files.createDirectory(dir.resolve("first"));
        LazyContext whole = LazyContext.unpack(tar, first, 1 << 24, known);
        assertTrue(whole.filled(), "large files not known yet are written, then hashed");
        assertArrayEquals(big, Files.readAllBytes(first.resolve("src/big.bin")), "the last entry of a name wins");
        assertEquals(FileDigests.hash(full.resolve("src/big.bin")), known.get("src/big.bin"));
        assertEquals(expected, key(first, cache.of(address, first, whole)));

        // the same content again: the digests are known, the large files are placeholders, the keys the same
        Path second = Files.createDirectory(dir.resolve("second"));
        LazyContext lazy = LazyContext.unpack(tar, second, 1 << 24, known);
        assertEquals(expected, key(second, cache.of(address, second, lazy)));
        assertFalse(lazy.filled(), "computing the keys reads no placeholder");
        assertFalse(Arrays.equals(big, Files.readAllBytes(second.resolve("src/big.bin"))), "a placeholder");
        assertEquals(BIG, Files.size(second.resolve("src/big.bin")));
        assertEquals("print(1)\n", Files.readString(second.resolve("src/app.py")), "small files are written");
    }

    /** A context unpacked a second time, so its large files are placeholders. */
    private LazyContext placeholders(Path tar, Path root, Map<String, String> known) throws IOException {
        LazyContext.unpack(tar, Files.createDirectories(dir.resolve("before-" + root.getFileName())), 1 << 24,
                known);
        LazyContext lazy = LazyContext.unpack(tar, root, 1 << 24, known);
        assertFalse(lazy.filled());
        return lazy;
    }

    @Test
    void aModeOrContentChangeChangesTheKey() throws IOException {
        Path tar = file("a.tar", tar("big.bin", big, 0644));
        byte[] changed = big.clone();
        changed[BIG - 1]++;
        Path modeTar = file("b.tar", tar("big.bin", big, 0755));
        Path contentTar = file("c.tar", tar("big.bin", changed, 0644));
        String[] keys = new String[3];
        Path[] tars = {tar, modeTar, contentTar};
        for (int i = 0; i < 3; i++) {
            Path root = Files.createDirectory(dir.resolve("r" + i));
            Map<String, String> known = new HashMap<>();
            LazyContext lazy = placeholders(tars[i], root, known);
            keys[i] = key(root, new FileDigests(root.toRealPath(), known, lazy));
        }
        assertNotEquals(keys[0], keys[1]);
        assertNotEquals(keys[0], keys[2]);
    }

    @Test
    void readingALargeFileFillsEveryPlaceholderWithItsLastEntry() throws IOException {
        Path tar = file("context.tar", project);
        Path root = Files.createDirectory(dir.resolve("root"));
        LazyContext lazy = placeholders(tar, root, new HashMap<>());
        lazy.fill(List.of(root.resolve("src/app.py").toRealPath()));
        assertFalse(lazy.filled(), "a small file is never a placeholder");
        lazy.fill(List.of(root.resolve("link").toRealPath()));
        assertTrue(lazy.filled());
        assertArrayEquals(big, Files.readAllBytes(root.resolve("src/big.bin")));
        assertArrayEquals(random(BIG, 2), Files.readAllBytes(root.resolve("ro.bin")));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve("ro.bin"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve("src/big.bin"))));
    }

    @Test
    void aFileTheDigestsDoNotKnowIsFilledBeforeItIsHashed() throws IOException {
        Path tar = file("context.tar", tar("big.bin", big, 0644));
        Path root = Files.createDirectory(dir.resolve("root"));
        Map<String, String> known = new HashMap<>();
        LazyContext lazy = placeholders(tar, root, known);
        known.clear();
        String digest = new FileDigests(root.toRealPath(), known, lazy).of(root.resolve("big.bin").toRealPath());
        assertTrue(lazy.filled());
        assertEquals(FileDigests.hash(file("big.copy", big)), digest);
    }

    @Test
    void aSmallFileThatReplacesAPlaceholderKeepsItsBytes() throws IOException {
        Path tar = file("context.tar", tar("x", big, 0644, "x", "small".getBytes(StandardCharsets.UTF_8), 0600,
                "y.bin", random(BIG, 4), 0644));
        Path root = Files.createDirectory(dir.resolve("root"));
        LazyContext lazy = placeholders(tar, root, new HashMap<>());
        lazy.fillAll();
        assertEquals("small", Files.readString(root.resolve("x")));
        assertArrayEquals(random(BIG, 4), Files.readAllBytes(root.resolve("y.bin")));
    }

    @Test
    void aHardLinkMeansAFullUnpack() throws IOException {
        Path tar = file("context.tar", tar("big.bin", big, 0644, "again.bin", "=>big.bin", 0644));
        Path root = Files.createDirectory(dir.resolve("root"));
        LazyContext lazy = LazyContext.unpack(tar, root, 1 << 24, new HashMap<>());
        assertTrue(lazy.filled());
        assertArrayEquals(big, Files.readAllBytes(root.resolve("again.bin")));
    }

    @Test
    void hostileAndTruncatedContextsAreStillRefused() throws IOException {
        String[] names = {"../evil", "/etc/../../evil"};
        for (String name : names) {
            Path root = Files.createDirectories(dir.resolve("r-" + name.hashCode()));
            Path tar = file("evil.tar", tar(name, big, 0644));
            assertThrows(BerthException.class, () -> LazyContext.unpack(tar, root, 1 << 24, new HashMap<>()));
        }
        Path escape = file("escape.tar", tar("out", "->/tmp", 0777, "out/evil.bin", big, 0644));
        Path root = Files.createDirectory(dir.resolve("escape"));
        assertThrows(BerthException.class, () -> LazyContext.unpack(escape, root, 1 << 24, new HashMap<>()));
        assertFalse(Files.exists(Path.of("/tmp/evil.bin")));

        byte[] whole = tar("big.bin", big, 0644);
        Path truncated = file("truncated.tar", Arrays.copyOf(whole, 512 + BIG / 2));
        Path cut = Files.createDirectory(dir.resolve("cut"));
        assertThrows(BerthException.class, () -> LazyContext.unpack(truncated, cut, 1 << 24, new HashMap<>()));
        Map<String, String> known = new HashMap<>(Map.of("big.bin", "sha256:" + "0".repeat(64)));
        Path cutAgain = Files.createDirectory(dir.resolve("cut-again"));
        assertThrows(BerthException.class, () -> LazyContext.unpack(truncated, cutAgain, 1 << 24, known),
                "reading past a truncated entry's bytes is refused too");

        Path limit = Files.createDirectory(dir.resolve("limit"));
        Path tar = file("big.tar", whole);
        assertThrows(BerthException.class, () -> LazyContext.unpack(tar, limit, BIG - 1, new HashMap<>()));
    }
}
