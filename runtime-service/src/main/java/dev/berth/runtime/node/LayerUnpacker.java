package dev.berth.runtime.node;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import dev.berth.common.archive.CopyingInputStream;
import dev.berth.common.archive.ExpansionLimit;
import dev.berth.common.archive.LayerNames;
import dev.berth.common.archive.NameLimits;
import dev.berth.common.digest.Sha256Sink;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one OCI layer (tar, or tar+gzip detected by magic) into a directory laid out for overlayfs.
 *
 * <p>This is hostile-input code. Entry names must be relative and free of {@code ..}; no entry is ever written through
 * a symlink (every parent component is checked with NOFOLLOW and must be a real directory inside the layer dir; the
 * final component is replaced, never followed); hard links must point at an existing non-directory inside the
 * layer dir; device nodes are dropped, except that OCI whiteouts become overlay whiteouts ({@code .wh.x} → char 0:0
 * {@code x}, {@code .wh..wh..opq} → {@code trusted.overlay.opaque=y} on the directory). Modes (setuid included),
 * owners, symlinks and mtimes are kept.
 */
public final class LayerUnpacker {
    private static final Logger LOG = Logger.getLogger(LayerUnpacker.class.getName());
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";

    private final ProcessRunner runner;
    private final long maxExpandedBytes;

    public LayerUnpacker(ProcessRunner runner) {
        this(runner, ExpansionLimit.configured());
    }

    /** @param maxExpandedBytes the most bytes the uncompressed tar may have (a bomb fails; the caller deletes) */
    public LayerUnpacker(ProcessRunner runner, long maxExpandedBytes) {
        this.runner = runner;
        this.maxExpandedBytes = maxExpandedBytes;
    }

    /** A layer that violates the rules above. */
    public static class UnsafeLayerException extends IOException {
        public UnsafeLayerException(String message) {
            super(message);
        }
    }


    /**
     * Unpacks {@code layer} into the existing empty directory {@code target}.
     *
     * @return the sha256 of the uncompressed tar ("sha256:..."), i.e. the layer's DiffID
     */
    public String unpack(InputStream layer, Path target) throws IOException {
        return unpack(layer, target, true);
    }

    /**
     * As {@link #unpack(InputStream, Path)}, without hashing: for a layer whose diff id is known from where it came
     * (this node wrote it: {@link CommittedLayers}). Same rules for its entries.
     */
    public void unpackKnown(InputStream layer, Path target) throws IOException {
        unpack(layer, target, false);
    }

    private String unpack(InputStream layer, Path target, boolean hash) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        // openssl dgst beside the unpack: this service's JIT stops at C1, where the JDK's SHA-256 is ten times slower
        try (Sha256Sink sha256 = hash ? Sha256Sink.open() : null) {
            return unpack(layer, root, sha256);
        }
    }

    /** Unpacks into {@code root}; answers the digest of the tar when {@code sha256} is given. */
    private String unpack(InputStream layer, Path root, Sha256Sink sha256) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(layer, 65536);
        InputStream plain = ExpansionLimit.bound(isGzip(buffered) ? new GZIPInputStream(buffered, 65536) : buffered,
                maxExpandedBytes);
        InputStream digesting = sha256 == null ? plain : new CopyingInputStream(plain, sha256);
        List<Object[]> directoryTimes = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(digesting);
        TarArchiveEntry entry;
        try {
            while ((entry = tar.getNextEntry()) != null) {
                apply(root, tar, entry, directoryTimes);
            }
            // the digest covers the whole tar, trailing blocks included
            byte[] rest = new byte[65536];
            while (digesting.read(rest) >= 0) {
                // drain
            }
        } catch (ExpansionLimit.ArchiveTooLargeException e) {
            throw new UnsafeLayerException("layer " + e.getMessage());
        } catch (java.nio.file.FileSystemException e) {
            if (NameLimits.isTooLong(e)) {
                throw new UnsafeLayerException("file name too long in layer (the unpacked path is too deep)");
            }
            throw e;
        }
        // directories last, deepest first, as adding children changed their mtimes
        for (int i = directoryTimes.size() - 1; i >= 0; i--) {
            Object[] dt = directoryTimes.get(i);
            setTimes((Path) dt[0], (FileTime) dt[1]);
        }
        return sha256 == null ? null : sha256.digest();
    }

    static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    private void apply(Path root, TarArchiveInputStream tar, TarArchiveEntry entry, List<Object[]> directoryTimes)
            throws IOException {
        List<String> parts = components(entry.getName());
        if (parts.isEmpty()) {
            // the layer root itself ("./"): keep our own directory, take its mode
            if (entry.isDirectory()) {
                setOwnerAndMode(root, entry, false);
            }
            return;
        }
        String base = parts.get(parts.size() - 1);
        Path parent = ensureParents(root, parts.subList(0, parts.size() - 1));

        if (base.equals(OPAQUE)) {
            setfattr(parent, "trusted.overlay.opaque", "y");
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX)) {
            String hidden = base.substring(WHITEOUT_PREFIX.length());
            checkComponent(hidden, entry.getName());
            Path path = parent.resolve(hidden);
            removeExisting(path);
            exec("mknod", path.toString(), "c", "0", "0");
            return;
        }
        Path path = parent.resolve(base);
        if (entry.isDirectory()) {
            BasicFileAttributes existing = attributes(path);
            if (existing != null && !existing.isDirectory()) {
                removeExisting(path);
                existing = null;
            }
            if (existing == null) {
                Files.createDirectory(path);
            }
            setOwnerAndMode(path, entry, false);
            directoryTimes.add(new Object[] {path, FileTime.from(entry.getLastModifiedDate().toInstant())});
        } else if (entry.isSymbolicLink()) {
            removeExisting(path);
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            setOwnerAndMode(path, entry, true);
            setTimes(path, FileTime.from(entry.getLastModifiedDate().toInstant()));
        } else if (entry.isLink()) {
            List<String> targetParts = components(entry.getLinkName());
            if (targetParts.isEmpty()) {
                throw new UnsafeLayerException("hard link " + entry.getName() + " has no target");
            }
            Path targetParent = existingParents(root, targetParts.subList(0, targetParts.size() - 1), entry);
            Path linkTarget = targetParent.resolve(targetParts.get(targetParts.size() - 1));
            BasicFileAttributes targetAttributes = attributes(linkTarget);
            if (targetAttributes == null || targetAttributes.isDirectory()) {
                throw new UnsafeLayerException("hard link " + entry.getName() + " points at "
                        + entry.getLinkName() + ", which is not a file of this layer");
            }
            removeExisting(path);
            Files.createLink(path, linkTarget);
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            LOG.fine(() -> "skipping device node in layer: " + entry.getName());
        } else if (entry.isFIFO()) {
            removeExisting(path);
            exec("mknod", path.toString(), "p");
            // opening a FIFO for fchmod would block: chmod the fresh (non-symlink) path directly
            Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:mode", entry.getMode() & 07777);
        } else if (entry.isFile()) {
            // last: commons-compress calls every non-directory a file
            removeExisting(path);
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                tar.transferTo(out);
            }
            setOwnerAndMode(path, entry, false);
            setTimes(path, FileTime.from(entry.getLastModifiedDate().toInstant()));
        } else {
            LOG.fine(() -> "skipping unsupported tar entry: " + entry.getName());
        }
    }

    /** Splits an entry name into safe components ("./a/b/" → [a, b]) by {@link LayerNames}' rules. */
    static List<String> components(String name) throws UnsafeLayerException {
        try {
            return LayerNames.components(name);
        } catch (IllegalArgumentException e) {
            throw new UnsafeLayerException(e.getMessage());
        }
    }

    private static void checkComponent(String part, String name) throws UnsafeLayerException {
        try {
            LayerNames.checkComponent(part, name);
        } catch (IllegalArgumentException e) {
            throw new UnsafeLayerException(e.getMessage());
        }
    }

    /** Walks the parent components, creating missing directories; refuses anything that is not a real directory. */
    private static Path ensureParents(Path root, List<String> parents) throws IOException {
        Path dir = root;
        for (String part : parents) {
            Path next = dir.resolve(part);
            BasicFileAttributes a = attributes(next);
            if (a == null) {
                try {
                    Files.createDirectory(next);
                } catch (FileAlreadyExistsException e) {
                    // raced with nobody: we own the directory; re-checked below
                }
                a = attributes(next);
            }
            if (a == null || !a.isDirectory() || a.isSymbolicLink()) {
                throw new UnsafeLayerException("layer writes through a non-directory or a symlink: "
                        + root.relativize(next));
            }
            dir = next;
        }
        return dir;
    }

    /** Like {@link #ensureParents} but everything must exist already (hard link targets). */
    private static Path existingParents(Path root, List<String> parents, TarArchiveEntry entry) throws IOException {
        Path dir = root;
        for (String part : parents) {
            Path next = dir.resolve(part);
            BasicFileAttributes a = attributes(next);
            if (a == null || !a.isDirectory() || a.isSymbolicLink()) {
                throw new UnsafeLayerException("hard link " + entry.getName() + " points outside this layer: "
                        + entry.getLinkName());
            }
            dir = next;
        }
        return dir;
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Removes whatever is at {@code path} (the entry itself, never what a symlink points to). */
    private static void removeExisting(Path path) throws IOException {
        BasicFileAttributes a = attributes(path);
        if (a == null) {
            return;
        }
        if (a.isDirectory()) {
            deleteTree(path);
        } else {
            Files.delete(path);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        BasicFileAttributes a = attributes(dir);
        if (a == null) {
            return;
        }
        if (a.isDirectory() && !a.isSymbolicLink()) {
            try (var children = Files.newDirectoryStream(dir)) {
                for (Path child : children) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(dir);
    }

    private static void setOwnerAndMode(Path path, TarArchiveEntry entry, boolean symlink) throws IOException {
        // chown first: chown clears setuid/setgid bits, chmod afterwards restores them
        Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        if (!symlink) {
            Files.setAttribute(path, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void setTimes(Path path, FileTime mtime) {
        try {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, mtime, null);
        } catch (IOException | UnsupportedOperationException e) {
            // symlink times are best effort
        }
    }

    private void setfattr(Path path, String name, String value) {
        exec("setfattr", "-h", "-n", name, "-v", value, path.toString());
    }

    private void exec(String... argv) {
        ProcessRunner.Command command = ProcessRunner.Command.of(argv);
        runner.run(command).orThrow(command);
    }
}
