package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
    @TempDir
    Path tmp;
    Path layer;
    Path outside;
    final LayerUnpacker unpacker = new LayerUnpacker(new HostProcessRunner());

    @BeforeEach
    void dirs() throws IOException {
        layer = Files.createDirectory(tmp.resolve("layer"));
        outside = Files.createDirectory(tmp.resolve("outside"));
    }

    /** A tiny tar builder. */
    static final class Tar {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final TarArchiveOutputStream out;

        Tar() {
            out = new TarArchiveOutputStream(bytes);
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar dir(String name, int mode) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
            e.setMode(040000 | mode);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        Tar file(String name, String content, int mode, int uid, int gid) throws IOException {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setMode(0100000 | mode);
            e.setSize(data.length);
            e.setUserId(uid);
            e.setGroupId(gid);
            e.setModTime(1_600_000_000_000L);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
            return this;
        }

        Tar file(String name, String content) throws IOException {
            return file(name, content, 0644, 0, 0);
        }

        Tar symlink(String name, String target) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            e.setLinkName(target);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        Tar hardlink(String name, String target) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
            e.setLinkName(target);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        Tar chardev(String name, int major, int minor) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
            e.setDevMajor(major);
            e.setDevMinor(minor);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            out.finish();
            out.close();
            return bytes.toByteArray();
        }
    }

    private String unpack(byte[] tar) throws IOException {
        return unpacker.unpack(new ByteArrayInputStream(tar), layer);
    }

    @Test
    void unpacksFilesDirsSymlinksHardlinksModesOwners() throws Exception {
        byte[] tar = new Tar().dir("bin", 0755).file("bin/busybox", "BB", 04755, 0, 0)
                .symlink("bin/sh", "busybox").hardlink("bin/ash", "bin/busybox")
                .file("home/user/f", "x", 0600, 1000, 1001).bytes();
        String diffId = unpack(tar);
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tar)), diffId);
        assertEquals("BB", Files.readString(layer.resolve("bin/busybox")));
        assertEquals(04755, (int) Files.getAttribute(layer.resolve("bin/busybox"), "unix:mode") & 07777);
        assertEquals(Path.of("busybox"), Files.readSymbolicLink(layer.resolve("bin/sh")));
        assertEquals(Files.getAttribute(layer.resolve("bin/busybox"), "unix:ino"),
                Files.getAttribute(layer.resolve("bin/ash"), "unix:ino"));
        assertEquals(1000, Files.getAttribute(layer.resolve("home/user/f"), "unix:uid"));
        assertEquals(1001, Files.getAttribute(layer.resolve("home/user/f"), "unix:gid"));
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(layer.resolve("home/user/f")).toMillis());
    }

    @Test
    void gzipIsDetectedByMagic() throws Exception {
        byte[] tar = new Tar().file("a", "gz").bytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        String diffId = unpacker.unpack(new ByteArrayInputStream(gz.toByteArray()), layer);
        assertEquals("gz", Files.readString(layer.resolve("a")));
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tar)), diffId);
    }

    @Test
    void aGzipBombStopsAtTheLimit() throws Exception {
        byte[] tar = new Tar().file("zeros", "\0".repeat(1 << 20), 0644, 0, 0).bytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        LayerUnpacker small = new LayerUnpacker(new HostProcessRunner(), 64 << 10);
        LayerUnpacker.UnsafeLayerException e = assertThrows(LayerUnpacker.UnsafeLayerException.class,
                () -> small.unpack(new ByteArrayInputStream(gz.toByteArray()), layer));
        assertTrue(e.getMessage().contains("berth.archive.max-expanded-bytes"), e.getMessage());
        assertTrue(Files.size(layer.resolve("zeros")) <= 64 << 10, "stopped at the limit");
    }

    @Test
    void rejectsNamesPastLinuxLimits() throws Exception {
        byte[] tar = new Tar().file("n".repeat(256), "x", 0644, 0, 0).bytes();
        LayerUnpacker.UnsafeLayerException e = assertThrows(LayerUnpacker.UnsafeLayerException.class,
                () -> unpack(tar));
        assertTrue(e.getMessage().startsWith("file name too long"), e.getMessage());
    }

    @Test
    void rejectsDotDot() throws Exception {
        byte[] tar = new Tar().file("../x", "evil").bytes();
        assertThrows(LayerUnpacker.UnsafeLayerException.class, () -> unpack(tar));
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void rejectsDotDotInTheMiddle() throws Exception {
        byte[] tar = new Tar().file("a/../../outside/x", "evil").bytes();
        assertThrows(LayerUnpacker.UnsafeLayerException.class, () -> unpack(tar));
        assertFalse(Files.exists(outside.resolve("x")));
    }

    @Test
    void rejectsAbsolutePaths() throws Exception {
        byte[] tar = new Tar().file(outside.resolve("x").toString(), "evil").bytes();
        assertThrows(LayerUnpacker.UnsafeLayerException.class, () -> unpack(tar));
        assertFalse(Files.exists(outside.resolve("x")));
    }

    @Test
    void neverWritesThroughASymlinkedDirectory() throws Exception {
        byte[] tar = new Tar().symlink("link", outside.toString()).file("link/x", "evil").bytes();
        assertThrows(LayerUnpacker.UnsafeLayerException.class, () -> unpack(tar));
        assertFalse(Files.exists(outside.resolve("x")));
    }

    @Test
    void replacesAFinalSymlinkInsteadOfFollowingIt() throws Exception {
        Path victim = Files.writeString(outside.resolve("victim"), "safe");
        byte[] tar = new Tar().symlink("f", victim.toString()).file("f", "overwritten").bytes();
        unpack(tar);
        assertEquals("safe", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(layer.resolve("f")));
        assertEquals("overwritten", Files.readString(layer.resolve("f")));
    }

    @Test
    void rejectsHardLinksOutOfTheLayer() throws Exception {
        Files.writeString(outside.resolve("secret"), "s");
        byte[] tar = new Tar().hardlink("h", "../outside/secret").bytes();
        assertThrows(LayerUnpacker.UnsafeLayerException.class, () -> unpack(tar));
        byte[] absolute = new Tar().hardlink("h", outside.resolve("secret").toString()).bytes();
        assertThrows(LayerUnpacker.UnsafeLayerException.class, () -> unpack(absolute));
        assertFalse(Files.exists(layer.resolve("h"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void rejectsHardLinksThroughASymlink() throws Exception {
        Files.writeString(outside.resolve("secret"), "s");
        byte[] tar = new Tar().symlink("l", outside.toString()).hardlink("h", "l/secret").bytes();
        assertThrows(LayerUnpacker.UnsafeLayerException.class, () -> unpack(tar));
    }

    @Test
    void dropsDeviceNodes() throws Exception {
        byte[] tar = new Tar().chardev("dev/mem", 1, 1).file("ok", "1").bytes();
        unpack(tar);
        assertFalse(Files.exists(layer.resolve("dev/mem"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(layer.resolve("ok")));
    }

    @Test
    void whiteoutsBecomeOverlayWhiteouts() throws Exception {
        byte[] tar = new Tar().dir("etc", 0755).file("etc/.wh.gone", "").dir("opq", 0755)
                .file("opq/.wh..wh..opq", "").file("opq/kept", "k").bytes();
        unpack(tar);
        Path whiteout = layer.resolve("etc/gone");
        assertEquals(0L, Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.readAttributes(whiteout, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther());
        assertFalse(Files.exists(layer.resolve("etc/.wh.gone"), LinkOption.NOFOLLOW_LINKS));
        ProcessRunner.Result xattr = new HostProcessRunner().run(ProcessRunner.Command.of(
                "getfattr", "--only-values", "-n", "trusted.overlay.opaque", layer.resolve("opq").toString()));
        assertEquals("y", xattr.stdout());
        assertFalse(Files.exists(layer.resolve("opq/.wh..wh..opq")));
    }

    @Test
    void whiteoutNamesCannotEscape() throws Exception {
        byte[] tar = new Tar().file(".wh...", "").bytes();
        assertThrows(LayerUnpacker.UnsafeLayerException.class, () -> unpack(tar));
    }

    @Test
    void componentsNormaliseDotSlash() throws Exception {
        assertEquals(List.of("a", "b"), LayerUnpacker.components("./a//b/"));
        assertEquals(List.of(), LayerUnpacker.components("./"));
    }

    @Test
    void layerStoreUnpacksOnceAndComputesChainIds() throws Exception {
        byte[] tar = new Tar().file("hello", "world").bytes();
        String diffId = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tar));
        LayerStore store = new LayerStore(tmp.resolve("layers"), unpacker);
        int[] opens = {0};
        LayerStore.BlobSource blobs = digest -> {
            opens[0]++;
            return new ByteArrayInputStream(tar);
        };
        List<LayerStore.Layer> layers = List.of(new LayerStore.Layer(diffId, diffId));
        List<String> dirs = store.ensure(layers, blobs);
        assertEquals(List.of(diffId.substring(7, 7 + LayerStore.SHORT_ID)), dirs);
        store.ensure(layers, blobs);
        assertEquals(1, opens[0]);
        assertEquals("world", Files.readString(store.root().resolve(dirs.get(0)).resolve("hello")));
        try (var s = Files.list(store.root())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void layerStoreRejectsAWrongDiffId() throws Exception {
        byte[] tar = new Tar().file("hello", "world").bytes();
        String bogus = "sha256:" + "0".repeat(64);
        LayerStore store = new LayerStore(tmp.resolve("layers"), unpacker);
        assertThrows(IOException.class,
                () -> store.ensure(List.of(new LayerStore.Layer(bogus, null)), d -> new ByteArrayInputStream(tar)));
        try (var s = Files.list(store.root())) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void aLayerWithoutADiffIdIsRefused() throws Exception {
        byte[] tar = new Tar().file("hello", "world").bytes();
        String blob = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tar));
        LayerStore store = new LayerStore(tmp.resolve("layers"), unpacker);
        IOException e = assertThrows(IOException.class,
                () -> store.ensure(List.of(new LayerStore.Layer(null, blob)), d -> new ByteArrayInputStream(tar)));
        assertTrue(e.getMessage().contains("no diff id"), e.getMessage());
    }

    @Test
    void chainIds() throws Exception {
        String a = "sha256:" + "a".repeat(64);
        String b = "sha256:" + "b".repeat(64);
        List<String> chain = LayerStore.chainIds(List.of(a, b));
        assertEquals(a, chain.get(0));
        assertEquals("sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest((a + " " + b).getBytes(java.nio.charset.StandardCharsets.UTF_8))), chain.get(1));
    }
}
