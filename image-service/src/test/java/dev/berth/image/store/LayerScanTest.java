package dev.berth.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class LayerScanTest {

    /** A tar of entries given as "name", "name/" (directory), "name->target" (symlink), "name=>target" (hard link). */
    private static byte[] tar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String e : entries) {
                TarArchiveEntry entry;
                if (e.contains("->")) {
                    entry = new TarArchiveEntry(e.substring(0, e.indexOf("->")), TarConstants.LF_SYMLINK);
                    entry.setLinkName(e.substring(e.indexOf("->") + 2));
                } else if (e.contains("=>")) {
                    entry = new TarArchiveEntry(e.substring(0, e.indexOf("=>")), TarConstants.LF_LINK);
                    entry.setLinkName(e.substring(e.indexOf("=>") + 2));
                } else {
                    entry = new TarArchiveEntry(e, true); // keep the name as given (a leading / or ..)
                }
                byte[] content = entry.isFile() && !entry.isSymbolicLink() && !entry.isLink()
                        ? "x".getBytes(StandardCharsets.UTF_8) : new byte[0];
                entry.setSize(content.length);
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Optional<String> scan(byte[] tar) throws IOException {
        return LayerScan.scan(new ByteArrayInputStream(tar));
    }

    @Test
    void anOrdinaryLayerIsSafe() throws IOException {
        assertEquals(Optional.empty(), scan(tar("./", "etc/", "etc/passwd", "bin/", "bin/busybox", "bin/sh->busybox",
                "bin/ls=>bin/busybox", "usr/lib/", ".wh.old", "etc/.wh..wh..opq", "lib->/usr/lib")));
    }

    @Test
    void namesThatEscapeAreRefused() throws IOException {
        assertTrue(scan(tar("../../tmp/x")).orElseThrow().contains("path escapes the layer"));
        assertTrue(scan(tar("/tmp/x")).orElseThrow().contains("absolute path in layer"));
        assertTrue(scan(tar("a/.wh...")).orElseThrow().contains("path escapes the layer"), "a whiteout of ..");
        assertTrue(scan(tar("a/" + "n".repeat(300))).orElseThrow().contains("file name too long"));
    }

    @Test
    void writingThroughASymlinkOrAFileOfThisLayerIsRefused() throws IOException {
        assertTrue(scan(tar("evil->/tmp/canary", "evil/x")).orElseThrow().contains("through a non-directory or a symlink"));
        assertTrue(scan(tar("evil->../../tmp", "evil/x")).isPresent());
        assertTrue(scan(tar("f", "f/x")).isPresent());
        assertEquals(Optional.empty(), scan(tar("evil->/tmp", "evil/", "evil/x")),
                "a directory entry replaces the symlink, as the node does");
    }

    @Test
    void hardLinksMustNameAFileOfThisLayer() throws IOException {
        assertTrue(scan(tar("x=>../../tmp/canary/secret")).orElseThrow().contains("path escapes the layer"));
        assertTrue(scan(tar("x=>/tmp/canary/secret")).orElseThrow().contains("absolute path"));
        assertTrue(scan(tar("x=>etc/passwd")).orElseThrow().contains("not a file of this layer"));
        assertTrue(scan(tar("d->/tmp/canary", "x=>d/secret")).orElseThrow().contains("not a file of this layer"));
        assertTrue(scan(tar("d/", "d/f", "d->/tmp", "x=>d/f")).isPresent(), "d/f went with the directory");
    }

    @Test
    void notATarIsAnAnswerNotAnException() throws IOException {
        assertTrue(scan("{\"architecture\":\"amd64\"} and more text to fill a header block".repeat(20)
                .getBytes(StandardCharsets.UTF_8)).isPresent());
        assertEquals(Optional.empty(), scan(new byte[0]), "an empty stream has no entries to refuse");
    }

    @Test
    void hashingCoversEveryByteAndCarriesTheVerdict() throws Exception {
        byte[] layer = tar("../escape");
        byte[] padded = new byte[layer.length + 4096]; // bytes after the tar's end are hashed too
        System.arraycopy(layer, 0, padded, 0, layer.length);
        StoredBlob plain = LayerHashing.copy(new ByteArrayInputStream(padded), OutputStream.nullOutputStream());
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(padded)),
                plain.diffId());
        assertEquals(padded.length, plain.diffSize());
        BerthException refused = assertThrows(BerthException.class, plain::requireSafeLayer);
        assertEquals(400, refused.kind().status());
        assertTrue(refused.getMessage().startsWith("refusing an unsafe image layer: path escapes the layer"));

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(padded);
        }
        StoredBlob zipped = LayerHashing.copy(new ByteArrayInputStream(gz.toByteArray()),
                OutputStream.nullOutputStream());
        assertEquals(plain.diffId(), zipped.diffId());
        assertEquals(padded.length, zipped.diffSize());
        assertTrue(zipped.unsafeLayer() != null);
        assertNull(LayerHashing.copy(new ByteArrayInputStream(tar("a/", "a/b")), OutputStream.nullOutputStream())
                .unsafeLayer());
    }
}
