package dev.berth.runtime.rootfs;

import dev.berth.common.archive.ExpansionLimit;
import dev.berth.common.archive.NameLimits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a client's tar (docker cp into a container) into a directory of a container's root. The archive is
 * hostile: it is first read completely and refused (nothing written) if any entry name is absolute or contains
 * {@code ..}; then every entry is placed by resolving its parent with {@link RootPath} (symlinks followed as in a
 * chroot, never out of the root) and creating the last component with NOFOLLOW semantics (an existing entry is
 * replaced, never written through). Device nodes are skipped; hard links must point at a regular file inside the root.
 * An archive that expands past {@code berth.archive.max-expanded-bytes} is refused by {@link #validate}, before
 * anything is written.
 */
public final class ArchiveExtractor {
    private final RootPath root;
    private final boolean noOverwriteDirNonDir;
    /** Owner for every entry (docker cp -a into a container with a User), or null to keep the archive's. */
    private final long[] chown;
    private final Mknod mknod;

    /** Creates FIFOs (exec of mknod; Java has no mkfifo). */
    public interface Mknod {
        void fifo(Path path) throws IOException;
    }

    /** The archive is refused (400 for the client). */
    public static class BadArchiveException extends IOException {
        public BadArchiveException(String message) {
            super(message);
        }
    }

    public ArchiveExtractor(RootPath root, boolean noOverwriteDirNonDir, long[] chown, Mknod mknod) {
        this.root = root;
        this.noOverwriteDirNonDir = noOverwriteDirNonDir;
        this.chown = chown;
        this.mknod = mknod;
    }

    /** Reads the whole archive and checks every name; nothing is written. */
    public static void validate(Path archive) throws IOException {
        validate(archive, ExpansionLimit.configured());
    }

    /** As {@link #validate(Path)}; an archive whose tar passes {@code limit} bytes (a bomb) is refused too. */
    static void validate(Path archive, long limit) throws IOException {
        try (TarArchiveInputStream tar = open(archive, limit)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                components(e.getName());
                if (e.isLink()) {
                    components(e.getLinkName());
                }
            }
        } catch (BadArchiveException e) {
            throw e;
        } catch (ExpansionLimit.ArchiveTooLargeException e) {
            throw new BadArchiveException(e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new BadArchiveException("invalid tar archive: " + e.getMessage());
        }
    }

    /** Extracts into the container directory {@code destination} (already resolved, a directory). */
    public void extract(Path archive, String destination) throws IOException {
        List<Object[]> dirTimes = new ArrayList<>();
        try (TarArchiveInputStream tar = open(archive, ExpansionLimit.configured())) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                apply(tar, e, destination, dirTimes);
            }
        } catch (java.nio.file.FileSystemException e) {
            if (NameLimits.isTooLong(e)) {
                throw new BadArchiveException("file name too long in archive (the container path is too deep)");
            }
            throw e;
        }
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            setTimes((Path) dirTimes.get(i)[0], (FileTime) dirTimes.get(i)[1]);
        }
    }

    private static TarArchiveInputStream open(Path archive, long limit) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(archive), 65536);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream plain = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 65536) : in;
        return new TarArchiveInputStream(ExpansionLimit.bound(plain, limit));
    }

    static List<String> components(String name) throws BadArchiveException {
        if (name == null || name.isEmpty()) {
            throw new BadArchiveException("tar entry without a name");
        }
        if (name.startsWith("/")) {
            throw new BadArchiveException("absolute path in archive: " + name);
        }
        if (name.indexOf('\0') >= 0) {
            throw new BadArchiveException("NUL in archive path: " + name);
        }
        if (name.length() > NameLimits.PATH_MAX) {
            throw new BadArchiveException("file name too long in archive: " + NameLimits.shortened(name));
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new BadArchiveException("path escapes the destination: " + name);
            }
            if (NameLimits.tooLong(part)) {
                throw new BadArchiveException("file name too long in archive: " + NameLimits.shortened(name));
            }
            parts.add(part);
        }
        return parts;
    }

    private void apply(TarArchiveInputStream tar, TarArchiveEntry e, String destination, List<Object[]> dirTimes)
            throws IOException {
        List<String> parts = components(e.getName());
        if (parts.isEmpty()) {
            return; // "./": the destination itself stays as it is
        }
        String parentInContainer = join(destination, parts.subList(0, parts.size() - 1));
        Path parent = ensureDirectory(parentInContainer);
        Path path = parent.resolve(parts.get(parts.size() - 1));
        BasicFileAttributes existing = RootPath.lstat(path);
        FileTime mtime = FileTime.from(e.getLastModifiedDate().toInstant());
        if (e.isDirectory()) {
            if (existing != null && !existing.isDirectory()) {
                if (noOverwriteDirNonDir) {
                    throw new BadArchiveException("cannot overwrite non-directory \"" + root.inContainer(path)
                            + "\" with directory \"" + e.getName() + "\"");
                }
                removeTree(path);
                existing = null;
            }
            if (existing == null) {
                Files.createDirectory(path);
            }
            owner(path, e, false);
            dirTimes.add(new Object[] {path, mtime});
            return;
        }
        if (e.isCharacterDevice() || e.isBlockDevice()) {
            return; // device nodes from a client are dropped
        }
        if (existing != null && existing.isDirectory()) {
            if (noOverwriteDirNonDir) {
                throw new BadArchiveException("cannot overwrite directory \"" + root.inContainer(path)
                        + "\" with non-directory \"" + e.getName() + "\"");
            }
        }
        if (e.isLink()) {
            RootPath.Resolved target = root.resolve(join(destination, components(e.getLinkName())), false);
            BasicFileAttributes t = RootPath.lstat(target.host());
            if (t == null || !t.isRegularFile()) {
                throw new BadArchiveException("hard link " + e.getName() + " points at " + e.getLinkName()
                        + ", which is not a regular file in the container");
            }
            removeTree(path);
            Files.createLink(path, target.host());
            return;
        }
        removeTree(path);
        if (e.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(e.getLinkName()));
            owner(path, e, true);
            setTimes(path, mtime);
        } else if (e.isFIFO()) {
            mknod.fifo(path);
            // a chmod with NOFOLLOW opens the file, and opening a FIFO blocks until a writer comes: the fresh path
            // (made by mknod just now, not a symlink) is chmod'ed by name
            owner(path, e, true);
            Files.setAttribute(path, "unix:mode", e.getMode() & 07777);
        } else {
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                tar.transferTo(out);
            }
            owner(path, e, false);
            setTimes(path, mtime);
        }
    }

    /** Resolves a container directory inside the root, creating missing components (0755, root). */
    private Path ensureDirectory(String inContainer) throws IOException {
        RootPath.Resolved r = root.resolve(inContainer, true);
        Path dir = root.root();
        for (String part : RootPath.split(r.inContainer())) {
            dir = dir.resolve(part);
            BasicFileAttributes a = RootPath.lstat(dir);
            if (a == null) {
                Files.createDirectory(dir);
                Files.setAttribute(dir, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
            } else if (!a.isDirectory() || a.isSymbolicLink()) {
                throw new BadArchiveException("not a directory: " + root.inContainer(dir));
            }
        }
        return dir;
    }

    private void owner(Path path, TarArchiveEntry e, boolean symlink) throws IOException {
        long uid = chown != null ? chown[0] : e.getLongUserId();
        long gid = chown != null ? chown[1] : e.getLongGroupId();
        Files.setAttribute(path, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        if (!symlink) {
            Files.setAttribute(path, "unix:mode", e.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static String join(String base, List<String> parts) {
        StringBuilder sb = new StringBuilder(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        for (String p : parts) {
            sb.append('/').append(p);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    static void setTimes(Path path, FileTime mtime) {
        try {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, mtime, null);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort (symlinks)
        }
    }

    /** Removes what is at {@code path} (never what a symlink points to). */
    static void removeTree(Path path) throws IOException {
        BasicFileAttributes a = RootPath.lstat(path);
        if (a == null) {
            return;
        }
        if (a.isDirectory() && !a.isSymbolicLink()) {
            try (var children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    removeTree(child);
                }
            }
        }
        Files.delete(path);
    }
}
