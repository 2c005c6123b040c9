package dev.berth.build.context.remote;

import dev.berth.build.context.PosixModes;
import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A checked-out directory as a context tar (names relative to it, owners 0:0 as the docker CLI sends them, modes and
 * times kept, symlinks as symlinks), refusing a directory whose files exceed the context size limit.
 */
final class DirectoryTar {
    private DirectoryTar() {
    }

    static void write(Path root, Path tar, long maxBytes) throws IOException {
        long total = 0;
        try (OutputStream file = Files.newOutputStream(tar);
                TarArchiveOutputStream out = new TarArchiveOutputStream(file);
                Stream<Path> walk = Files.walk(root)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                String name = root.relativize(path).toString();
                PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                TarArchiveEntry entry;
                if (attrs.isSymbolicLink()) {
                    entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                } else if (attrs.isDirectory()) {
                    entry = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
                } else if (attrs.isRegularFile()) {
                    total += attrs.size();
                    if (total > maxBytes) {
                        throw BerthException.invalid("build context is larger than the limit of " + maxBytes
                                + " bytes (berth.build.max-context-bytes)");
                    }
                    entry = new TarArchiveEntry(name);
                    entry.setSize(attrs.size());
                } else {
                    continue;
                }
                int type = attrs.isSymbolicLink() ? 0120000 : attrs.isDirectory() ? 040000 : 0100000;
                entry.setMode(type | PosixModes.mode(attrs.permissions()));
                entry.setUserId(0);
                entry.setGroupId(0);
                entry.setModTime(attrs.lastModifiedTime().toMillis());
                out.putArchiveEntry(entry);
                if (attrs.isRegularFile()) {
                    try (InputStream in = Files.newInputStream(path)) {
                        in.transferTo(out);
                    }
                }
                out.closeArchiveEntry();
            }
        }
    }
}
