package dev.berth.build.context;

import dev.berth.common.digest.Sha256;
import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One pass over an uploaded context tar without unpacking it (as it arrives, {@code ContextUpload}, or from its
 * file while another process hashes its bytes, its address in the store: {@link Sha256}): the unpacked size (held to
 * the limit), and the content of the few files the request needs, by name, the last
 * entry of a name winning as when it is unpacked. {@link #plain()} is false when a link could change what a name
 * means once unpacked (a hard link, or a path under a symlink): then only unpacking answers for those names.
 */
public final class ContextScan {
    private static final long MAX_KEPT = 16 * 1024 * 1024;

    private final String digest;
    private final Map<String, byte[]> files;
    private final Set<String> notFiles;
    private final Set<String> symlinks;
    private final boolean plain;

    private ContextScan(String digest, Map<String, byte[]> files, Set<String> notFiles, Set<String> symlinks,
            boolean plain) {
        this.digest = digest;
        this.files = files;
        this.notFiles = notFiles;
        this.symlinks = symlinks;
        this.plain = plain;
    }

    /** Reads {@code tar} once, keeping the regular files named in {@code wanted} (cleaned context paths). */
    public static ContextScan of(Path tar, Set<String> wanted, long maxBytes) throws IOException {
        Sha256.Pending sha = Sha256.start(List.of(tar)); // on the other core while the entries are read
        ContextScan scan;
        try (InputStream raw = Files.newInputStream(tar)) {
            scan = read(raw, wanted, maxBytes);
        } catch (IOException | RuntimeException e) {
            sha.cancel();
            throw e;
        }
        return scan.withDigest(sha.digests().get(tar));
    }

    /**
     * Reads a context tar (plain or compressed) from {@code raw} up to its last entry, keeping the regular files
     * named in {@code wanted}; the caller reads what follows (padding) and knows the digest ({@link #withDigest}).
     */
    public static ContextScan read(InputStream raw, Set<String> wanted, long maxBytes) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        Set<String> notFiles = new HashSet<>();
        Set<String> symlinks = new HashSet<>();
        boolean plain = true;
        long size = 0;
        try {
            TarArchiveInputStream entries = new TarArchiveInputStream(ContextExtractor.decompressed(raw));
            TarArchiveEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                String name = ContextPaths.clean(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                plain &= !entry.isLink() && !underSymlink(name, symlinks);
                files.remove(name);
                notFiles.remove(name);
                symlinks.remove(name);
                if (entry.isSymbolicLink()) {
                    symlinks.add(name);
                }
                if (entry.isFile() && !entry.isLink()) {
                    size += entry.getSize();
                    if (size > maxBytes) {
                        throw BerthException.invalid("build context is larger than the limit of " + maxBytes
                                + " bytes (berth.build.max-context-bytes)");
                    }
                    if (wanted.contains(name) && entry.getSize() <= MAX_KEPT) {
                        files.put(name, entries.readAllBytes());
                    } else if (wanted.contains(name)) {
                        notFiles.add(name);
                    }
                } else if (wanted.contains(name)) {
                    notFiles.add(name);
                }
            }
        } catch (IOException e) {
            throw BerthException.invalid("the build context is not a valid tar archive: " + e.getMessage());
        }
        return new ContextScan(null, files, notFiles, symlinks, plain);
    }

    /** The same scan, of the tar whose bytes hash to {@code digest}. */
    public ContextScan withDigest(String digest) {
        return new ContextScan(digest, files, notFiles, symlinks, plain);
    }

    private static boolean underSymlink(String name, Set<String> symlinks) {
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            if (symlinks.contains(name.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    /** {@code sha256:<hex>} of the tar's bytes as stored. */
    public String digest() {
        return digest;
    }

    /** Whether every name means, unpacked, the entry of that name (no hard link, no path under a symlink). */
    public boolean plain() {
        return plain;
    }

    /** Whether a parent directory of the name is a symlink once unpacked. */
    public boolean throughSymlink(String name) {
        return underSymlink(name, symlinks);
    }

    /** A wanted name's content when it is a regular file of the context (at most 16 MiB); null if absent. */
    public byte[] file(String name) {
        return files.get(name);
    }

    /** Whether the name is in the context as something other than a regular file of at most 16 MiB. */
    public boolean present(String name) {
        return files.containsKey(name) || notFiles.contains(name);
    }
}
