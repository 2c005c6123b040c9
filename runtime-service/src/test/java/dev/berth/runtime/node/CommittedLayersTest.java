package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer tar this node wrote is kept unpacked and adopted by the layer store instead of fetched back. */
class CommittedLayersTest {
    @TempDir
    Path tmp;
    final LayerUnpacker unpacker = new LayerUnpacker(new HostProcessRunner());

    @Test
    void aCommittedLayerIsAdoptedWithoutFetchingItsBlob() throws Exception {
        byte[] tar = new LayerUnpackerTest.Tar().dir("app", 0755).file("app/big.bin", "bytes").bytes();
        CommittedLayers committed = new CommittedLayers(tmp.resolve("committed"), unpacker);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        String diffId;
        try (CommittedLayers.Capture copy = committed.capture()) {
            OutputStream out = copy.tee(sent);
            out.write(tar, 0, 100);
            out.write(tar, 100, tar.length - 100);
            diffId = copy.keep();
        }
        assertEquals(sha256(tar), diffId);
        assertEquals(sha256(tar), sha256(sent.toByteArray()), "the stream itself is untouched");

        LayerStore store = new LayerStore(tmp.resolve("layers"), unpacker, committed);
        List<String> dirs = store.ensure(List.of(new LayerStore.Layer(diffId, diffId)), digest -> {
            throw new AssertionError("the blob was fetched: " + digest);
        });
        assertEquals("bytes", Files.readString(store.root().resolve(dirs.get(0)).resolve("app/big.bin")));
        assertEquals(0, committed.size());
        try (var left = Files.list(tmp.resolve("committed"))) {
            assertEquals(0, left.count(), "neither the tar copy nor the unpacked directory is left behind");
        }
    }

    @Test
    void aLayerOfOtherBytesIsFetchedAsBefore() throws Exception {
        byte[] written = new LayerUnpackerTest.Tar().file("a", "one").bytes();
        byte[] stored = new LayerUnpackerTest.Tar().file("a", "two").bytes(); // e.g. filtered on the way
        CommittedLayers committed = new CommittedLayers(tmp.resolve("committed"), unpacker);
        try (CommittedLayers.Capture copy = committed.capture()) {
            copy.tee(OutputStream.nullOutputStream()).write(written);
            copy.keep();
        }
        LayerStore store = new LayerStore(tmp.resolve("layers"), unpacker, committed);
        int[] fetched = {0};
        List<String> dirs = store.ensure(List.of(new LayerStore.Layer(sha256(stored), sha256(stored))), digest -> {
            fetched[0]++;
            return new java.io.ByteArrayInputStream(stored);
        });
        assertEquals(1, fetched[0]);
        assertEquals("two", Files.readString(store.root().resolve(dirs.get(0)).resolve("a")));
        assertEquals(1, committed.size(), "the other layer is still kept until it expires");
    }

    @Test
    void aCopyNotKeptLeavesNothing() throws Exception {
        CommittedLayers committed = new CommittedLayers(tmp.resolve("committed"), unpacker);
        try (CommittedLayers.Capture copy = committed.capture()) {
            copy.tee(OutputStream.nullOutputStream()).write(new LayerUnpackerTest.Tar().file("a", "x").bytes());
            // the tar was cut off (the client went away): no keep()
        }
        assertEquals(0, committed.size());
        try (var left = Files.list(tmp.resolve("committed"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void whatAnEarlierProcessLeftIsDeletedAtStart() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("committed").resolve("stale"));
        Files.writeString(dir.resolve("f"), "x");
        new CommittedLayers(tmp.resolve("committed"), unpacker);
        assertFalse(Files.exists(tmp.resolve("committed")));
        assertTrue(Files.exists(tmp));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
