package dev.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds the archives the tests feed to docker import / docker load. */
final class Tarballs {
    private Tarballs() {
    }

    /** Imports {@link #busyboxRootfs()} as image {@code name} with {@code CMD ["sh"]}: a build's base, no registry. */
    static void importBusybox(java.nio.file.Path dir, String name) throws IOException {
        java.nio.file.Path rootfs = dir.resolve("rootfs.tar");
        java.nio.file.Files.write(rootfs, busyboxRootfs());
        DockerCli.docker("import", "--change", "CMD [\"sh\"]", rootfs.toString(), name).ok();
    }

    /** A minimal root filesystem: Debian's static busybox with sh and echo. */
    static byte[] busyboxRootfs() throws IOException {
        byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            dir(tar, "bin/");
            dir(tar, "etc/");
            dir(tar, "tmp/");
            file(tar, "bin/busybox", busybox, 0755);
            for (String applet : new String[] {"sh", "echo", "cat", "ls", "true"}) {
                symlink(tar, "bin/" + applet, "busybox");
            }
            file(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0644);
        }
        return bytes.toByteArray();
    }

    /** A docker save archive: manifest.json, the config, each layer as {@code <dir>/layer.tar}. */
    static byte[] saveArchive(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                file(tar, entry.getKey(), entry.getValue(), 0644);
            }
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The busybox rootfs plus one file of its own: a layer (diff id) no other image has. */
    static byte[] busyboxRootfsWith(String name, byte[] content) throws IOException {
        byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            dir(tar, "bin/");
            file(tar, "bin/busybox", busybox, 0755);
            symlink(tar, "bin/sh", "busybox");
            file(tar, name, content, 0644);
        }
        return bytes.toByteArray();
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] data, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(0100000 | mode);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        entry.setLinkName(target);
        entry.setMode(0120777);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
