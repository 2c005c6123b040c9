package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image whose layer climbs out with {@code ..} or writes through a symlink to a host directory is refused with a
 * clear error when a node unpacks it, and nothing is written outside the layer store.
 */
class HostileLayerTest {
    private final String tag = "e2e-hostile-" + UUID.randomUUID().toString().substring(0, 8);
    private final String marker = "berth-escape-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws IOException {
        docker("rm", "-f", tag + "-dotdot", tag + "-symlink");
        docker("rmi", "-f", tag + ":dotdot", tag + ":symlink");
        Files.deleteIfExists(Path.of("/tmp", marker));
    }

    @Test
    void dotDotEntryIsRefused() throws IOException {
        byte[] layer = tar(out -> file(out, "../../../../../../../../tmp/" + marker));
        assertRefused("dotdot", layer);
    }

    @Test
    void writeThroughSymlinkIsRefused() throws IOException {
        byte[] layer = tar(out -> {
            TarArchiveEntry link = new TarArchiveEntry("evil", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/tmp");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
            file(out, "evil/" + marker);
        });
        assertRefused("symlink", layer);
    }

    private void assertRefused(String variant, byte[] hostileLayer) throws IOException {
        Path archive = dir.resolve(variant + ".tar");
        Files.write(archive, image(variant, hostileLayer));
        DockerCli.Result load = docker("load", "-i", archive.toString());
        String error;
        if (load.exit() == 0) {
            DockerCli.Result run = docker("run", "--name", tag + "-" + variant, "--network", "none",
                    tag + ":" + variant, "true");
            assertNotEquals(0, run.exit(), run.out());
            error = run.err();
        } else {
            error = load.out() + load.err();
        }
        String lower = error.toLowerCase();
        assertTrue(lower.contains("layer") && (lower.contains("escape") || lower.contains("symlink")),
                "a clear error naming the layer problem: " + error);
        assertFalse(Files.exists(Path.of("/tmp", marker)), "the hostile layer wrote /tmp/" + marker);
    }

    private byte[] image(String variant, byte[] hostileLayer) throws IOException {
        byte[] base = Tarballs.busyboxRootfs();
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + Tarballs.sha256(base)
                + "\",\"sha256:" + Tarballs.sha256(hostileLayer) + "\"]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configHex = Tarballs.sha256(configBytes);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(configHex + ".json", configBytes);
        entries.put("base/layer.tar", base);
        entries.put("hostile/layer.tar", hostileLayer);
        entries.put("manifest.json", ("[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[\"" + tag + ":"
                + variant + "\"],\"Layers\":[\"base/layer.tar\",\"hostile/layer.tar\"]}]")
                .getBytes(StandardCharsets.UTF_8));
        return Tarballs.saveArchive(entries);
    }

    private interface Entries {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    private static byte[] tar(Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(out);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream out, String name) throws IOException {
        byte[] data = "escaped\n".getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        entry.setMode(0100644);
        out.putArchiveEntry(entry);
        out.write(data);
        out.closeArchiveEntry();
    }
}
