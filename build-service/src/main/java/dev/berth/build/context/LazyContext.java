package dev.berth.build.context;

import dev.berth.common.digest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A build context unpacked on the worker with its large files ({@value FileDigests#REMEMBERED_FROM} bytes or more)
 * left as placeholders: the right name, size, mode and time, but no bytes written (a sparse file), when their content
 * digests, which COPY's cache key needs, are remembered by this process for the context's content address (a large
 * file not known is written and hashed, {@link Sha256}); so a build whose steps all hit the cache on a context built
 * before writes none of them. Whatever
 * reads a large file first ({@link #fill}: a COPY that misses, ADD, a bind mount) has them all written from the
 * stored tar, into the same paths. A context with a hard link is unpacked in full at once (a link would share a
 * placeholder). Same checks as {@link ContextExtractor}: it does the unpacking.
 */
public final class LazyContext {
    private final Path tar;
    private final Path root;
    /** Each placeholder's name and the index of the entry that wrote it last. */
    private final Map<String, Long> placeholders;
    private volatile boolean filled;

    private LazyContext(Path tar, Path root, Map<String, Long> placeholders) {
        this.tar = tar;
        this.root = root;
        this.placeholders = placeholders;
        this.filled = placeholders.isEmpty();
    }

    /** A hard link in the archive: this context is unpacked in full instead. */
    private static final class HardLink extends RuntimeException {
        HardLink() {
            super(null, null, false, false);
        }
    }

    /**
     * Unpacks {@code tar} into the empty directory {@code root}, large files as placeholders.
     *
     * @param known the large files' digests by context path, for this tar's content (each the digest of what the
     *     path holds once unpacked): read, and completed here when the unpacking succeeds
     */
    public static LazyContext unpack(Path tar, Path root, long maxBytes, Map<String, String> known)
            throws IOException {
        Map<String, Long> placeholders = new HashMap<>();
        Set<String> written = new LinkedHashSet<>(); // large files not known: written, hashed once unpacked
        ContextExtractor.Contents contents = new ContextExtractor.Contents() {
            @Override
            public void file(TarArchiveInputStream entries, TarArchiveEntry entry, long index, String name,
                    Path target) throws IOException {
                if (entry.getSize() < FileDigests.REMEMBERED_FROM) {
                    ContextExtractor.COPY.file(entries, entry, index, name, target);
                    placeholders.remove(name); // this entry replaced an earlier one of the name
                    return;
                }
                if (!known.containsKey(name)) { // written in full, hashed after the pass
                    ContextExtractor.COPY.file(entries, entry, index, name, target);
                    written.add(name);
                    placeholders.remove(name);
                    return;
                }
                written.remove(name);
                try (RandomAccessFile file = new RandomAccessFile(Files.createFile(target).toFile(), "rw")) {
                    file.setLength(entry.getSize());
                }
                placeholders.put(name, index);
            }

            @Override
            public void hardLink(String name, String source) {
                throw new HardLink();
            }
        };
        try (InputStream in = Files.newInputStream(tar)) {
            new ContextExtractor(maxBytes).extract(in, root, contents);
        } catch (HardLink e) {
            clear(root);
            try (InputStream in = Files.newInputStream(tar)) {
                new ContextExtractor(maxBytes).extract(in, root);
            }
            return new LazyContext(tar, root, Map.of());
        }
        known.putAll(digests(root, written));
        return new LazyContext(tar, root, placeholders);
    }

    /** Whether every file of the context holds its bytes. */
    public boolean filled() {
        return filled;
    }

    /**
     * Before reading files of the context: writes the placeholders' bytes if one of {@code files} (real paths)
     * may be a placeholder (a regular file under the context of the placeholders' size). Safe from several threads.
     */
    public void fill(Collection<Path> files) throws IOException {
        if (filled) {
            return;
        }
        Path realRoot = root.toRealPath();
        for (Path file : files) {
            if (file != null && file.startsWith(realRoot) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Files.size(file) >= FileDigests.REMEMBERED_FROM) {
                fillAll();
                return;
            }
        }
    }

    /** Writes every placeholder's bytes (once). */
    public synchronized void fillAll() throws IOException {
        if (filled) {
            return;
        }
        Path realRoot = root.toRealPath();
        try (TarArchiveInputStream entries = new TarArchiveInputStream(
                ContextExtractor.decompressed(Files.newInputStream(tar)))) {
            TarArchiveEntry entry;
            long index = -1;
            while ((entry = entries.getNextEntry()) != null) {
                index++;
                String name = ContextPaths.clean(entry.getName());
                Long last = placeholders.get(name);
                if (last != null && last == index) {
                    write(entries, entry, realRoot.resolve(name), realRoot);
                }
            }
        }
        filled = true;
    }

    /** One placeholder's bytes, into the file the first pass made (unless the build dropped it since). */
    private static void write(TarArchiveInputStream entries, TarArchiveEntry entry, Path target, Path realRoot)
            throws IOException {
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                || !target.getParent().toRealPath().startsWith(realRoot)) {
            return;
        }
        Set<PosixFilePermission> mode = PosixModes.permissions(entry.getMode());
        Set<PosixFilePermission> writable = EnumSet.of(PosixFilePermission.OWNER_WRITE);
        writable.addAll(mode);
        Files.setPosixFilePermissions(target, writable);
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            ContextExtractor.copy(entries, out, entry.getSize());
        }
        Files.setPosixFilePermissions(target, mode);
        Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
    }

    /** The digests of the large files written in full that are still there (a later entry may have replaced one). */
    private static Map<String, String> digests(Path root, Set<String> written) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : written) {
            Path file = root.resolve(name);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Files.size(file) >= FileDigests.REMEMBERED_FROM) {
                files.add(file);
            }
        }
        Map<String, String> digests = new HashMap<>();
        Sha256.start(files).digests().forEach((file, digest) -> digests.put(root.relativize(file).toString(), digest));
        return digests;
    }

    private static void clear(Path root) throws IOException {
        try (var children = Files.list(root)) {
            for (Path child : children.toList()) {
                try (var walk = Files.walk(child)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
