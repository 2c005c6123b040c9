package dev.berth.build.context;

import dev.berth.common.archive.ExpansionLimit;
import dev.berth.common.errors.BerthException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks an uploaded build context (a tar, possibly gzip, bzip2 or xz compressed: detected by its first bytes, as
 * dockerd ignores Content-Type) into an empty directory. The archive is untrusted: names are cleaned and may not
 * leave the directory, nothing is written through a symlink, hard links must point inside, device nodes are
 * skipped, and the unpacked size is limited.
 */
public final class ContextExtractor {
    private final long maxBytes;

    /**
     * How the content of a regular file entry and a hard link reach the disk; {@link #COPY} writes the bytes as
     * they come. {@code index} counts the archive's entries from 0, so a later pass can find the same entry.
     */
    public interface Contents {
        void file(TarArchiveInputStream tar, TarArchiveEntry entry, long index, String name, Path target)
                throws IOException;

        default void hardLink(String name, String source) {
        }
    }

    /** The entry's bytes written to a new file. */
    public static final Contents COPY = (tar, entry, index, name, target) -> {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            copy(tar, out, entry.getSize());
        }
    };

    public ContextExtractor(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public void extract(InputStream body, Path root) throws IOException {
        extract(body, root, COPY);
    }

    public void extract(InputStream body, Path root, Contents contents) throws IOException {
        Path realRoot = root.toRealPath();
        long written = 0;
        long index = -1;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(body))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                index++;
                String name = ContextPaths.clean(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                Path parent = parentDirectory(realRoot, name, entry.getName());
                Path target = parent.resolve(name.substring(name.lastIndexOf('/') + 1));
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target,
                        LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(target);
                }
                if (entry.isDirectory()) {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(target);
                    }
                } else if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    continue;
                } else if (entry.isLink()) {
                    Path source = realRoot.resolve(ContextPaths.clean(entry.getLinkName()));
                    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)
                            || !inside(source.getParent(), realRoot)) {
                        throw BerthException.invalid("invalid build context: hard link " + entry.getName()
                                + " points to " + entry.getLinkName() + ", which is not a file in the context");
                    }
                    contents.hardLink(name, ContextPaths.clean(entry.getLinkName()));
                    Files.createLink(target, source);
                    continue;
                } else if (entry.isFile()) {
                    written += entry.getSize();
                    if (written > maxBytes) {
                        throw BerthException.invalid("build context is larger than the limit of " + maxBytes
                                + " bytes (berth.build.max-context-bytes)");
                    }
                    contents.file(tar, entry, index, name, target);
                } else {
                    continue; // devices and fifos have no place in a build context
                }
                Files.setPosixFilePermissions(target, PosixModes.permissions(entry.getMode()));
                Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("invalid build context")) {
                throw e;
            }
            throw BerthException.invalid("the build context is not a valid tar archive: " + e.getMessage());
        }
    }

    /**
     * The real directory that holds the entry {@code name} (cleaned, relative), its missing components created one by
     * one: a symlink on the way is followed only when it leads to a directory inside the context (as dockerd's
     * chrooted untar would), so nothing is created or written outside it.
     */
    private static Path parentDirectory(Path realRoot, String name, String raw) throws IOException {
        Path dir = realRoot;
        String[] parts = name.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            Path next = dir.resolve(parts[i]);
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(next);
                dir = next;
                continue;
            }
            if (!inside(next, realRoot) || !Files.isDirectory(next)) {
                throw BerthException.invalid("invalid build context: " + raw
                        + " would be written outside the context through a symlink");
            }
            dir = next.toRealPath();
        }
        return dir;
    }

    /** Whether {@code path} exists and its real path (symlinks followed) is inside {@code realRoot}. */
    private static boolean inside(Path path, Path realRoot) throws IOException {
        if (!Files.exists(path)) {
            return false;
        }
        return path.toRealPath().startsWith(realRoot);
    }

    static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("truncated entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** The tar inside {@code body}, bounded by {@link ExpansionLimit#configured()} (a bomb fails there). */
    static InputStream decompressed(InputStream body) throws IOException {
        return ExpansionLimit.bound(detected(body), ExpansionLimit.configured());
    }

    private static InputStream detected(InputStream body) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body, 64 * 1024);
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new java.util.zip.GZIPInputStream(in, 64 * 1024);
        }
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return new BZip2CompressorInputStream(in, true);
        }
        if (magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X'
                && magic[4] == 'Z' && magic[5] == 0) {
            return new XZCompressorInputStream(in, true);
        }
        return in;
    }
}
