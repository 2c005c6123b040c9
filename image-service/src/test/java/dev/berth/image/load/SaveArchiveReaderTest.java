package dev.berth.image.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.image.catalog.StagedImage;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.Digests;
import dev.berth.image.store.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveArchiveReaderTest {
    @TempDir
    Path tmp;
    BlobStore store;

    @BeforeEach
    void setUp() {
        store = new BlobStore(tmp.resolve("blobs"));
    }

    /** A tiny root filesystem layer: one file in a tar. */
    static byte[] layerTar(String file, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(file);
            e.setSize(bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static byte[] config(String... diffIds) {
        String ids = String.join("\",\"", diffIds);
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-01T00:00:00Z\","
                + "\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + ids + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Builds a tar from (name → bytes) files and (name → target) symlinks, in the given order. */
    static byte[] archive(List<Object[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Object[] e : entries) {
                String name = (String) e[0];
                if (e[1] instanceof String target) {
                    TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName(target);
                    tar.putArchiveEntry(link);
                } else {
                    byte[] bytes = (byte[]) e[1];
                    TarArchiveEntry file = new TarArchiveEntry(name);
                    file.setSize(bytes.length);
                    tar.putArchiveEntry(file);
                    tar.write(bytes);
                }
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsLegacyLayoutWithSymlinkedAndGzipLayers() throws IOException {
        byte[] l1 = layerTar("bin/a", "one");
        byte[] l2 = layerTar("bin/b", "two");
        byte[] l2gz = gzip(l2);
        byte[] cfg = config(Digests.of(l1), Digests.of(l2));
        String cfgName = Digests.of(cfg).substring(7) + ".json";
        byte[] manifest = utf8("[{\"Config\":\"" + cfgName + "\",\"RepoTags\":[\"busybox:latest\",\"me/app:1\"],"
                + "\"Layers\":[\"aaa/layer.tar\",\"./bbb/layer.tar\"]}]");
        byte[] tar = archive(List.of(
                new Object[] {"ccc/layer.tar", l1},
                new Object[] {"aaa/layer.tar", "../ccc/layer.tar"},
                new Object[] {"bbb/layer.tar", l2gz},
                new Object[] {cfgName, cfg},
                new Object[] {"repositories", utf8("{}")},
                new Object[] {"manifest.json", manifest}));

        LoadedArchive loaded = new SaveArchiveReader(store).read(new ByteArrayInputStream(gzip(tar)));

        assertEquals(1, loaded.images().size());
        StagedImage image = loaded.images().get(0);
        assertEquals(Digests.of(cfg), image.id());
        assertEquals(List.of("busybox:latest", "me/app:1"), image.tags().stream().map(t -> t.familiar()).toList());
        assertEquals(Digests.of(l1), image.layers().get(0).digest());
        assertEquals(StoredBlob.MEDIA_TAR, image.layers().get(0).mediaType());
        assertEquals(Digests.of(l2), image.layers().get(1).diffId());
        assertEquals(Digests.of(l2gz), image.layers().get(1).digest());
        assertEquals(StoredBlob.MEDIA_TAR_GZIP, image.layers().get(1).mediaType());
        for (String blob : image.blobs()) {
            assertTrue(store.exists(blob), blob);
        }
        assertTrue(loaded.pinned().containsAll(image.blobs()));
        assertEquals(l1.length + l2.length, image.size());
    }

    @Test
    void roundTripsWhatTheWriterWrites() throws IOException {
        byte[] l1 = layerTar("etc/x", "x");
        String layerDigest = store.putLayer(new ByteArrayInputStream(l1)).digest();
        byte[] cfg = config(Digests.of(l1));
        store.putBytes(cfg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SaveArchiveWriter(store).write(List.of(new SavedImage(Digests.of(cfg), cfg,
                List.of(new SavedImage.Layer(layerDigest, l1.length, StoredBlob.MEDIA_TAR)), List.of("x:1"))), out);

        LoadedArchive loaded = new SaveArchiveReader(store).read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(Digests.of(cfg), loaded.images().get(0).id());
        assertEquals("x:1", loaded.images().get(0).tags().get(0).familiar());
    }

    @Test
    void rejectsParentTraversal() throws IOException {
        byte[] tar = archive(List.<Object[]>of(new Object[] {"../evil", utf8("x")},
                new Object[] {"manifest.json", utf8("[]")}));
        BerthException e = assertThrows(BerthException.class,
                () -> new SaveArchiveReader(store).read(new ByteArrayInputStream(tar)));
        assertEquals(ErrorKind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("illegal path"), e.getMessage());
    }

    @Test
    void rejectsNestedTraversalAbsoluteNamesAndEscapingLinks() throws IOException {
        for (List<Object[]> entries : List.of(
                List.<Object[]>of(new Object[] {"a/../../b", utf8("x")}),
                List.<Object[]>of(new Object[] {"/etc/passwd", utf8("x")}),
                List.<Object[]>of(new Object[] {"a/layer.tar", "../../../etc/shadow"}),
                List.<Object[]>of(new Object[] {"a/layer.tar", "/etc/shadow"}))) {
            byte[] tar = archive(entries);
            BerthException e = assertThrows(BerthException.class,
                    () -> new SaveArchiveReader(store).read(new ByteArrayInputStream(tar)));
            assertEquals(ErrorKind.INVALID, e.kind());
        }
    }

    @Test
    void rejectsDiffIdMismatchAndStoresNoConfig() throws IOException {
        byte[] l1 = layerTar("bin/a", "one");
        String wrong = "sha256:" + "0".repeat(64);
        byte[] cfg = config(wrong);
        byte[] tar = archive(List.of(
                new Object[] {"blobs/sha256/" + Digests.of(l1).substring(7), l1},
                new Object[] {"blobs/sha256/" + Digests.of(cfg).substring(7), cfg},
                new Object[] {"manifest.json", utf8("[{\"Config\":\"blobs/sha256/" + Digests.of(cfg).substring(7)
                        + "\",\"RepoTags\":[\"bad:1\"],\"Layers\":[\"blobs/sha256/" + Digests.of(l1).substring(7) + "\"]}]")}));
        BerthException e = assertThrows(BerthException.class,
                () -> new SaveArchiveReader(store).read(new ByteArrayInputStream(tar)));
        assertEquals(ErrorKind.INVALID, e.kind());
        assertEquals("invalid diffID for layer 0: expected \"" + wrong + "\", got \"" + Digests.of(l1) + "\"",
                e.getMessage());
        assertFalse(store.exists(Digests.of(cfg)));
        assertFalse(store.exists(Digests.of(l1)));
    }

    @Test
    void rejectsLayerCountMismatchMissingFilesAndBadTags() throws IOException {
        byte[] l1 = layerTar("bin/a", "one");
        byte[] cfg = config(Digests.of(l1));
        Map<String, String> manifests = Map.of(
                "[{\"Config\":\"c.json\",\"Layers\":[]}]", "layers length mismatch",
                "[{\"Config\":\"missing.json\",\"Layers\":[\"l.tar\"]}]", "not found",
                "[{\"Config\":\"c.json\",\"RepoTags\":[\"Bad Tag\"],\"Layers\":[\"l.tar\"]}]", "invalid reference format",
                "{\"not\":\"a list\"}", "not a list");
        for (var m : manifests.entrySet()) {
            byte[] tar = archive(List.of(new Object[] {"l.tar", l1}, new Object[] {"c.json", cfg},
                    new Object[] {"manifest.json", utf8(m.getKey())}));
            BerthException e = assertThrows(BerthException.class,
                    () -> new SaveArchiveReader(store).read(new ByteArrayInputStream(tar)));
            assertTrue(e.getMessage().contains(m.getValue()), e.getMessage());
        }
    }

    @Test
    void largeEntriesStreamToTheStore() throws IOException {
        byte[] big = new byte[(int) SaveArchiveReader.SMALL_ENTRY + 10240];
        new java.util.Random(1).nextBytes(big);
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(layer)) {
            TarArchiveEntry e = new TarArchiveEntry("big.bin");
            e.setSize(big.length);
            t.putArchiveEntry(e);
            t.write(big);
            t.closeArchiveEntry();
        }
        byte[] l = layer.toByteArray();
        byte[] cfg = config(Digests.of(l));
        byte[] tar = archive(List.of(new Object[] {"x/layer.tar", l}, new Object[] {"c.json", cfg},
                new Object[] {"manifest.json", utf8("[{\"Config\":\"c.json\",\"Layers\":[\"x/layer.tar\"]}]")}));
        LoadedArchive loaded = new SaveArchiveReader(store).read(new ByteArrayInputStream(tar));
        assertEquals(Digests.of(l), loaded.images().get(0).layers().get(0).digest());
        assertEquals(l.length, Files.size(store.pathOf(Digests.of(l))));
        assertTrue(loaded.images().get(0).tags().isEmpty());
    }
}
