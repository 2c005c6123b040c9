package dev.berth.build.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Keeps a RUN's mount points out of its layer, as BuildKit's MountStubsCleaner does: the runtime creates each
 * mount target (and missing parents) that the image lacks, and an empty directory or empty file it left there is
 * dropped from the layer; one the command filled (a file written next to the mount) stays. A parent the image
 * had shows in the layer only because the mount point was made in it (a copy-up): it is dropped too, as BuildKit
 * puts back such a parent's times so that it does not differ. Works on the layer tar as it streams, since it
 * lists a directory before what is inside it.
 */
final class MountStubs {
    private MountStubs() {
    }

    /**
     * @param stubs the mount targets and their parents, absolute ({@code /cache}, {@code /a}, {@code /a/b})
     */
    static void filter(InputStream layer, OutputStream out, Set<String> stubs) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(layer);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Deque<TarArchiveEntry> held = new ArrayDeque<>();
        for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
            String name = path(entry.getName());
            while (!held.isEmpty() && !name.startsWith(path(held.peekLast().getName()) + "/")) {
                held.removeLast();
            }
            boolean empty = entry.isDirectory() || (entry.isFile() && entry.getSize() == 0);
            if (empty && stubs.contains(name)) {
                held.addLast(entry);
                continue;
            }
            while (!held.isEmpty()) {
                tar.putArchiveEntry(held.removeFirst());
                tar.closeArchiveEntry();
            }
            tar.putArchiveEntry(entry);
            in.transferTo(tar);
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    /** {@code ./a/b/} → {@code /a/b}. */
    static String path(String name) {
        String clean = name.startsWith("./") ? name.substring(1) : name;
        clean = clean.startsWith("/") ? clean : "/" + clean;
        return clean.length() > 1 && clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
    }
}
