package dev.berth.image.store;

import dev.berth.common.archive.ExpansionLimit;
import dev.berth.common.archive.LayerNames;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a layer's tar (already decompressed) to its end and says whether a node would refuse to unpack it, so that
 * {@code docker load}, {@code docker import} and pulls refuse a hostile layer when it arrives, as dockerd does (it
 * applies layers then), instead of at the first {@code docker run}. The rules are the node's ({@code LayerUnpacker}):
 * names by {@link LayerNames}; no entry written through a symlink or a non-directory that this layer made; a hard
 * link only to a regular file named earlier in this layer. The node still checks when it unpacks (layers already in
 * the store, and defence in depth).
 *
 * <p>Content is never an exception here: an unsafe or unreadable tar is an answer ({@link #scan}'s reason), because
 * the caller may not know yet that the blob is a layer ({@code docker load} stores large archive members before it
 * reads the manifest). Failures of the stream itself (a bomb past the limit, a broken gzip, a closed connection)
 * propagate.
 */
public final class LayerScan {
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Set<String> symlinks = new HashSet<>();
    private final Set<String> nonDirectories = new HashSet<>();
    private final Set<String> files = new HashSet<>();

    private LayerScan() {
    }

    /** Reads {@code tar} to its end; the reason a node would refuse it, or empty when it is a safe layer. */
    public static Optional<String> scan(InputStream tar) throws IOException {
        Watched source = new Watched(tar);
        Optional<String> verdict;
        try {
            verdict = new LayerScan().entries(new TarArchiveInputStream(source));
        } catch (IOException e) {
            if (source.failure != null) {
                throw source.failure;
            }
            verdict = Optional.of("not a valid tar archive: " + e.getMessage());
        }
        byte[] rest = new byte[64 * 1024];
        while (source.read(rest) >= 0) {
            // the caller hashes every byte, after the tar's end too
        }
        return verdict;
    }

    private Optional<String> entries(TarArchiveInputStream tar) throws IOException {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            try {
                check(entry);
            } catch (IllegalArgumentException unsafe) {
                return Optional.of(unsafe.getMessage());
            }
        }
        return Optional.empty();
    }

    private void check(TarArchiveEntry entry) {
        List<String> parts = LayerNames.components(entry.getName());
        if (parts.isEmpty()) {
            return; // the layer's root
        }
        String parent = String.join("/", parts.subList(0, parts.size() - 1));
        for (int i = 1; i < parts.size(); i++) {
            String above = String.join("/", parts.subList(0, i));
            if (symlinks.contains(above) || nonDirectories.contains(above)) {
                throw new IllegalArgumentException("layer writes through a non-directory or a symlink: "
                        + entry.getName());
            }
        }
        String base = parts.get(parts.size() - 1);
        if (base.equals(OPAQUE)) {
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX)) {
            String hidden = base.substring(WHITEOUT_PREFIX.length());
            LayerNames.checkComponent(hidden, entry.getName());
            String whiteout = parent.isEmpty() ? hidden : parent + "/" + hidden;
            replaced(whiteout, false);
            nonDirectories.add(whiteout); // the node makes a 0:0 character device there
            return;
        }
        String path = parent.isEmpty() ? base : parent + "/" + base;
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return; // the node skips device nodes: nothing is made or replaced
        }
        replaced(path, entry.isDirectory());
        if (entry.isDirectory()) {
            return;
        }
        if (entry.isSymbolicLink()) {
            symlinks.add(path);
            return;
        }
        if (entry.isLink()) {
            List<String> target = LayerNames.components(entry.getLinkName());
            if (target.isEmpty() || !files.contains(String.join("/", target))) {
                throw new IllegalArgumentException("hard link " + entry.getName() + " points at "
                        + entry.getLinkName() + ", which is not a file of this layer");
            }
            files.add(path);
        } else if (entry.isFile()) {
            files.add(path);
        }
        nonDirectories.add(path);
    }

    /**
     * What the node does to a path an entry writes: a directory stays a directory (its content too); anything else
     * replaces what was there, a directory with everything in it.
     */
    private void replaced(String path, boolean directory) {
        symlinks.remove(path);
        files.remove(path);
        if (!nonDirectories.remove(path) && !directory) {
            String under = path + "/";
            symlinks.removeIf(p -> p.startsWith(under));
            nonDirectories.removeIf(p -> p.startsWith(under));
            files.removeIf(p -> p.startsWith(under));
        }
    }

    /** Remembers a failure of the stream under the tar reader, to tell it from the reader's complaints. */
    private static final class Watched extends FilterInputStream {
        IOException failure;

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            return ExpansionLimit.skipByReading(this, n);
        }
    }
}
