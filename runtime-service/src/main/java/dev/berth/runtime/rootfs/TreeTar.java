package dev.berth.runtime.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes host files into a tar stream as they are: modes (setuid included), owners, mtimes, symlinks, hard links
 * (by inode), device nodes and FIFOs. Symlinks are never followed; directories are entered only when lstat says they
 * are directories. POSIX (PAX) headers for long names and big numbers.
 */
public final class TreeTar implements AutoCloseable {
    private final TarArchiveOutputStream tar;
    private final Map<String, String> seenInodes = new HashMap<>();

    public TreeTar(OutputStream out) {
        this.tar = new TarArchiveOutputStream(out, 65536);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /**
     * Adds {@code host} (recursively for a directory) under {@code name} (empty: only its children, named relative to
     * it); {@code skip} prunes host paths.
     */
    public void addTree(Path host, String name, Predicate<Path> skip) throws IOException {
        Map<String, Object> a = Files.readAttributes(host, "unix:*", LinkOption.NOFOLLOW_LINKS);
        if (!name.isEmpty()) {
            addEntry(host, name, a);
        }
        if (Boolean.TRUE.equals(a.get("isDirectory"))) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
                ds.forEach(children::add);
            }
            children.sort(null);
            for (Path child : children) {
                if (skip != null && skip.test(child)) {
                    continue;
                }
                String childName = name.isEmpty() ? child.getFileName().toString() : name + "/" + child.getFileName();
                addTree(child, childName, skip);
            }
        }
    }

    /** Adds one entry (no recursion). */
    public void addEntry(Path host, String name, Map<String, Object> a) throws IOException {
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        TarArchiveEntry e;
        boolean body = false;
        switch (type) {
            case 0040000 -> e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
            case 0120000 -> {
                e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                e.setLinkName(Files.readSymbolicLink(host).toString());
            }
            case 0020000, 0060000 -> {
                e = new TarArchiveEntry(name, type == 0020000 ? TarConstants.LF_CHR : TarConstants.LF_BLK, true);
                long rdev = ((Number) a.get("rdev")).longValue();
                e.setDevMajor((int) major(rdev));
                e.setDevMinor((int) minor(rdev));
            }
            case 0010000 -> e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
            case 0100000 -> {
                int nlink = ((Number) a.get("nlink")).intValue();
                String key = a.get("dev") + ":" + a.get("ino");
                String first = nlink > 1 ? seenInodes.putIfAbsent(key, name) : null;
                if (first != null) {
                    e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
                    e.setLinkName(first);
                } else {
                    e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
                    e.setSize(((Number) a.get("size")).longValue());
                    body = true;
                }
            }
            default -> {
                return; // sockets are not archived
            }
        }
        e.setMode(mode & 07777);
        e.setUserId(((Number) a.get("uid")).longValue());
        e.setGroupId(((Number) a.get("gid")).longValue());
        e.setModTime(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis());
        tar.putArchiveEntry(e);
        if (body) {
            long size = e.getSize();
            try (InputStream in = Files.newInputStream(host, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                long copied = copy(in, tar, size);
                if (copied < size) {
                    // the file shrank meanwhile: pad, the header promised size bytes
                    tar.write(new byte[(int) Math.min(size - copied, Integer.MAX_VALUE)]);
                }
            }
        }
        tar.closeArchiveEntry();
    }

    /** Adds an empty regular file entry (OCI whiteouts). */
    public void addEmptyFile(String name, long mtimeMillis) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setSize(0);
        e.setMode(0);
        e.setModTime(mtimeMillis);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        while (total < limit) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, limit - total));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    static long major(long rdev) {
        return ((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL);
    }

    static long minor(long rdev) {
        return ((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL);
    }

    public void finish() throws IOException {
        tar.finish();
        tar.flush();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
