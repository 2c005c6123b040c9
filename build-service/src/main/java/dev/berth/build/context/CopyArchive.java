package dev.berth.build.context;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes what a COPY selected as a tar to unpack at the image's root: names absolute in the image (without the
 * leading slash), owned by {@code uid:gid} (0:0 unless {@code --chown}), modes as in the context unless
 * {@code --chmod}. Times are kept, as dockerd keeps them.
 */
public final class CopyArchive {
    private CopyArchive() {
    }

    public static void write(List<CopyItem> items, Path tar, long uid, long gid, Integer chmod) throws IOException {
        try (OutputStream file = Files.newOutputStream(tar)) {
            write(items, file, uid, gid, chmod);
        }
    }

    /** As {@link #write(List, Path, long, long, Integer)}, into {@code to}, which stays open. */
    public static void write(List<CopyItem> items, OutputStream to, long uid, long gid, Integer chmod)
            throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new FilterOutputStream(to) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller closes the stream it gave
            }
        })) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (CopyItem item : items) {
                String name = item.destination().replaceFirst("^/+", "");
                TarArchiveEntry entry;
                switch (item.kind()) {
                    case DIRECTORY -> entry = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
                    case SYMLINK -> {
                        entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                        entry.setLinkName(item.linkTarget());
                    }
                    default -> {
                        entry = new TarArchiveEntry(name);
                        entry.setSize(item.size());
                    }
                }
                int permissions = item.kind() == CopyItem.Kind.SYMLINK || chmod == null ? item.mode() : chmod;
                int type = switch (item.kind()) {
                    case DIRECTORY -> 040000;
                    case SYMLINK -> 0120000;
                    default -> 0100000;
                };
                entry.setMode(type | (permissions & 07777));
                entry.setUserId(uid);
                entry.setGroupId(gid);
                if (item.source() != null) {
                    entry.setModTime(Files.getLastModifiedTime(item.source(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            .toMillis());
                }
                out.putArchiveEntry(entry);
                if (item.kind() == CopyItem.Kind.FILE) {
                    if (item.inlineContent() != null) {
                        out.write(item.inlineContent());
                    } else {
                        try (InputStream in = Files.newInputStream(item.source())) {
                            in.transferTo(out);
                        }
                    }
                }
                out.closeArchiveEntry();
            }
        }
    }
}
