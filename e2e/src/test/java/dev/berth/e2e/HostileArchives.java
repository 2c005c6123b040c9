package dev.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The hostile-archive corpus (issue 18): tars generated here, never downloaded, each aimed at a canary directory on
 * the host ({@code canary}, an absolute path) that no entry point may write to or read from. Every tar is small;
 * the bomb is a few hundred KiB of concatenated gzip members that inflate past a given size.
 */
final class HostileArchives {
    /** How a correct engine answers a corpus entry: refuses it, or keeps it inside the root it unpacks into. */
    enum Expect { REFUSED, CONTAINED }

    /**
     * One corpus entry: a name, the tar, and berth's answer for docker cp into a container, for an image layer
     * (load, import, pull: refused when a node unpacks it) and for a build context.
     */
    record Case(String name, byte[] tar, Expect cp, Expect layer, Expect build) {
    }

    private static final Expect R = Expect.REFUSED;
    private static final Expect C = Expect.CONTAINED;

    /** Whole seconds: an entry with a sub-second time gets a PAX {@code mtime} record, which the corpus avoids. */
    private static final long MTIME = 1_700_000_000_000L;

    private final String canary;

    HostileArchives(String canary) {
        this.canary = canary.startsWith("/") ? canary.substring(1) : canary;
    }

    /** The whole corpus but the bombs and the two-step symlink plant (see {@link #plantedSymlink}). */
    List<Case> corpus() throws IOException {
        List<Case> all = new ArrayList<>();
        String up = "../".repeat(12);
        all.add(new Case("dotdot", tar(t -> file(t, up + canary + "/dotdot", "x")), R, R, R));
        all.add(new Case("absolute", tar(t -> file(t, "/" + canary + "/absolute", "x")), R, R, C));
        all.add(new Case("symlink-absolute", tar(t -> {
            symlink(t, "evil", "/" + canary);
            file(t, "evil/through-absolute", "x");
        }), C, R, R));
        all.add(new Case("symlink-relative", tar(t -> {
            symlink(t, "evil", up + canary);
            file(t, "evil/through-relative", "x");
        }), C, R, R));
        all.add(new Case("hardlink-dotdot", tar(t -> hardlink(t, "stolen", up + canary + "/secret")), R, R, R));
        all.add(new Case("hardlink-absolute", tar(t -> hardlink(t, "stolen", "/" + canary + "/secret")), R, R, R));
        all.add(new Case("hardlink-through-symlink", tar(t -> {
            symlink(t, "d", "/" + canary);
            hardlink(t, "stolen", "d/secret");
        }), R, R, R));
        all.add(new Case("devices", tar(t -> {
            device(t, "char-null", TarConstants.LF_CHR, 1, 3);
            device(t, "block-sda", TarConstants.LF_BLK, 8, 0);
            device(t, "fifo", TarConstants.LF_FIFO, 0, 0);
            file(t, "after-devices", "x");
        }), C, C, C));
        all.add(new Case("setuid", tar(t -> {
            file(t, "suid", "x", 04755);
            file(t, "sgid", "x", 02755);
        }), C, C, C));
        all.add(new Case("long-name", tar(t -> file(t, "p".repeat(150), "pax name over 100 bytes")), C, C, C));
        all.add(new Case("long-path", tar(t -> file(t, ("d".repeat(200) + "/").repeat(21) + "deep", "x")),
                R, R, R));
        all.add(new Case("long-component", tar(t -> file(t, "n".repeat(300), "x")), R, R, R));
        all.add(new Case("huge-pax-header", tar(t -> {
            pax(t, "comment", 16 << 20);
            file(t, "after-huge-pax", "x");
        }), C, C, C));
        return all;
    }

    /** Two tars: the first plants {@code evil -> canary}, the second writes {@code evil/planted} through it. */
    List<byte[]> plantedSymlink() throws IOException {
        return List.of(tar(t -> symlink(t, "evil", "/" + canary)), tar(t -> file(t, "evil/planted", "x")));
    }

    /** A tar holding only the symlinks {@code leak-absolute} and {@code leak-relative}, both aimed at the canary. */
    byte[] leakLinks() throws IOException {
        return tar(t -> {
            symlink(t, "leak-absolute", "/" + canary);
            symlink(t, "leak-relative", "../".repeat(12) + canary);
        });
    }

    /**
     * A gzip'd tar of one file of {@code expanded} zero bytes: a handful of gzip members (one member of 16 MiB of
     * zeros repeated), so a few hundred KiB inflate to {@code expanded} bytes.
     */
    static byte[] bomb(long expanded) throws IOException {
        int chunk = 16 << 20;
        long size = (expanded + chunk - 1) / chunk * chunk;
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        TarArchiveOutputStream t = new TarArchiveOutputStream(header);
        TarArchiveEntry e = new TarArchiveEntry("zeros");
        e.setSize(size);
        e.setMode(0100644);
        t.putArchiveEntry(e);
        t.flush();
        byte[] headerBytes = header.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(gzip(headerBytes));
        byte[] zeros = gzip(new byte[chunk]);
        for (long i = 0; i < size / chunk; i++) {
            out.write(zeros);
        }
        out.write(gzip(new byte[1024])); // the two end-of-archive blocks
        return out.toByteArray();
    }

    /** A docker save archive: {@code layers} (bottom first, each a tar or gzip'd tar) as one image tagged {@code tag}. */
    static byte[] image(String tag, List<byte[]> layers, List<String> diffIds) throws IOException {
        StringBuilder ids = new StringBuilder();
        StringBuilder paths = new StringBuilder();
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            ids.append(i == 0 ? "" : ",").append("\"sha256:").append(diffIds.get(i)).append('"');
            paths.append(i == 0 ? "" : ",").append("\"l").append(i).append("/layer.tar\"");
            entries.put("l" + i + "/layer.tar", layers.get(i));
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]}}").getBytes(StandardCharsets.UTF_8);
        String configHex = Tarballs.sha256(config);
        entries.put(configHex + ".json", config);
        entries.put("manifest.json", ("[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[\"" + tag
                + "\"],\"Layers\":[" + paths + "]}]").getBytes(StandardCharsets.UTF_8));
        return Tarballs.saveArchive(entries);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes, 65536)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    interface Entries {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    static byte[] tar(Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            entries.write(out);
        }
        return bytes.toByteArray();
    }

    static void file(TarArchiveOutputStream out, String name, String content) throws IOException {
        file(out, name, content, 0644);
    }

    static void file(TarArchiveOutputStream out, String name, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setModTime(MTIME);
        e.setSize(data.length);
        e.setMode(0100000 | mode);
        out.putArchiveEntry(e);
        out.write(data);
        out.closeArchiveEntry();
    }

    static void symlink(TarArchiveOutputStream out, String name, String target) throws IOException {
        link(out, name, TarConstants.LF_SYMLINK, target);
    }

    static void hardlink(TarArchiveOutputStream out, String name, String target) throws IOException {
        link(out, name, TarConstants.LF_LINK, target);
    }

    private static void link(TarArchiveOutputStream out, String name, byte type, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setModTime(MTIME);
        e.setLinkName(target);
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }

    static void device(TarArchiveOutputStream out, String name, byte type, int major, int minor) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setModTime(MTIME);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(0666);
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }

    /** A PAX extended header ('x') of one record {@code key} with {@code size} bytes of value, for the next entry. */
    static void pax(TarArchiveOutputStream out, String key, int size) throws IOException {
        String body = " " + key + "=" + "v".repeat(size) + "\n";
        int length = body.length();
        int total = length + Integer.toString(length).length();
        if (Integer.toString(total).length() != Integer.toString(length).length()) {
            total++;
        }
        byte[] record = (total + body).getBytes(StandardCharsets.US_ASCII);
        TarArchiveEntry e = new TarArchiveEntry("PaxHeaders/huge", TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        e.setSize(record.length);
        out.putArchiveEntry(e);
        out.write(record);
        out.closeArchiveEntry();
    }
}
