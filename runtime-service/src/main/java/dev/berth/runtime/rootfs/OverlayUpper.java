package dev.berth.runtime.rootfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a container's overlay upper directory: its changes against the image layers (docker diff) and the layer
 * tar of a commit (overlay whiteouts turned into OCI ones). A whiteout is a character device 0:0; an opaque
 * directory carries {@code trusted.overlay.opaque=y} (read by the caller, which Java cannot: see {@link #opaque}).
 * Mount-point stubs runc creates for the per-container bind mounts ({@code /etc/hosts}, …) and the kernel file
 * systems are not changes of the container (dockerd keeps them in a separate init layer).
 */
public final class OverlayUpper {
    /** Docker's change kinds. */
    public static final int MODIFIED = 0;
    public static final int ADDED = 1;
    public static final int DELETED = 2;
    static final Set<String> INIT_STUBS = Set.of("etc/hosts", "etc/hostname", "etc/resolv.conf", "proc", "sys",
            "dev", "dev/pts", "dev/shm", "dev/mqueue", "dev/console", ".dockerenv");

    private final Path upper;
    /** Lower layer directories, topmost first. */
    private final List<Path> lowers;
    /** Upper-relative paths of opaque directories. */
    private final Set<String> opaque;

    public OverlayUpper(Path upper, List<Path> lowersTopFirst, Set<String> opaqueRelative) {
        this.upper = upper;
        this.lowers = lowersTopFirst;
        this.opaque = opaqueRelative;
    }

    public record Change(String path, int kind) {
    }

    /** Parses {@code getfattr -R -P --absolute-names -d -m '^trusted\.overlay\.opaque$' <upper>} output. */
    public static Set<String> opaque(String getfattrOutput, Path upper) {
        Set<String> out = new HashSet<>();
        String current = null;
        for (String line : getfattrOutput.split("\n")) {
            if (line.startsWith("# file: ")) {
                current = line.substring("# file: ".length());
            } else if (current != null && line.startsWith("trusted.overlay.opaque=\"y\"")) {
                Path p = Path.of(current);
                if (p.startsWith(upper)) {
                    out.add(upper.relativize(p).toString());
                }
            }
        }
        return out;
    }

    /** docker diff: sorted by path. */
    public List<Change> changes() throws IOException {
        TreeMap<String, Integer> out = new TreeMap<>();
        walkChanges(upper, "", out);
        List<Change> list = new ArrayList<>();
        out.forEach((p, k) -> list.add(new Change("/" + p, k)));
        return list;
    }

    /** @return whether anything below (or at) rel is a change */
    private boolean walkChanges(Path dir, String rel, TreeMap<String, Integer> out) throws IOException {
        boolean any = false;
        for (Path child : children(dir)) {
            String name = child.getFileName().toString();
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            Map<String, Object> a = Files.readAttributes(child, "unix:mode,rdev,size", LinkOption.NOFOLLOW_LINKS);
            int type = (Integer) a.get("mode") & 0170000;
            if (isWhiteout(a)) {
                if (inLower(childRel)) {
                    out.put(childRel, DELETED);
                    any = true;
                }
                continue;
            }
            boolean lower = inLower(childRel);
            if (!lower && isStub(childRel, child, type, a)) {
                continue;
            }
            if (type == 0040000) {
                boolean below = walkChanges(child, childRel, out);
                if (opaque.contains(childRel) && lower) {
                    Set<String> kept = new HashSet<>();
                    for (Path c : children(child)) {
                        kept.add(c.getFileName().toString());
                    }
                    for (String gone : lowerNames(childRel)) {
                        if (!kept.contains(gone)) {
                            out.put(childRel + "/" + gone, DELETED);
                            below = true;
                        }
                    }
                }
                if (!lower) {
                    out.put(childRel, ADDED);
                    any = true;
                } else if (below) {
                    out.put(childRel, MODIFIED);
                    any = true;
                }
            } else {
                out.put(childRel, lower ? MODIFIED : ADDED);
                any = true;
            }
        }
        return any;
    }

    /** The layer tar of a commit: OCI whiteouts, parents before children, stubs left out. */
    public void writeLayer(TreeTar tar) throws IOException {
        writeDir(upper, "", tar);
    }

    private void writeDir(Path dir, String rel, TreeTar tar) throws IOException {
        for (Path child : children(dir)) {
            String name = child.getFileName().toString();
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            Map<String, Object> a = Files.readAttributes(child, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int type = (Integer) a.get("mode") & 0170000;
            long mtime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis();
            if (isWhiteout(a)) {
                tar.addEmptyFile((rel.isEmpty() ? "" : rel + "/") + ".wh." + name, mtime);
                continue;
            }
            if (!inLower(childRel) && isStub(childRel, child, type, a)) {
                continue;
            }
            tar.addEntry(child, childRel, a);
            if (type == 0040000) {
                if (opaque.contains(childRel)) {
                    tar.addEmptyFile(childRel + "/.wh..wh..opq", mtime);
                }
                writeDir(child, childRel, tar);
            }
        }
    }

    static boolean isWhiteout(Map<String, Object> a) {
        int type = (Integer) a.get("mode") & 0170000;
        return type == 0020000 && ((Number) a.get("rdev")).longValue() == 0;
    }

    private static boolean isStub(String rel, Path p, int type, Map<String, Object> a) throws IOException {
        if (!INIT_STUBS.contains(rel)) {
            return false;
        }
        if (type == 0100000) {
            return ((Number) a.get("size")).longValue() == 0;
        }
        if (type == 0040000) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                return !ds.iterator().hasNext() || rel.equals("dev");
            }
        }
        return false;
    }

    /** Whether rel is visible in the image (the lower layers merged). */
    boolean inLower(String rel) throws IOException {
        String[] parts = rel.split("/");
        for (Path layer : lowers) {
            Path p = layer;
            boolean blocked = false;
            for (int i = 0; i < parts.length; i++) {
                p = p.resolve(parts[i]);
                Map<String, Object> a = attributes(p);
                if (a == null) {
                    break;
                }
                if (isWhiteout(a)) {
                    return false;
                }
                if (i < parts.length - 1 && ((Integer) a.get("mode") & 0170000) != 0040000) {
                    blocked = true;
                    break;
                }
                if (i == parts.length - 1) {
                    return true;
                }
            }
            if (blocked) {
                return false;
            }
        }
        return false;
    }

    private Set<String> lowerNames(String rel) throws IOException {
        Set<String> names = new TreeSet<>();
        Set<String> hidden = new HashSet<>();
        for (Path layer : lowers) {
            Path d = layer.resolve(rel);
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            for (Path c : children(d)) {
                String n = c.getFileName().toString();
                Map<String, Object> a = attributes(c);
                if (a != null && isWhiteout(a)) {
                    hidden.add(n);
                } else if (!hidden.contains(n)) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static Map<String, Object> attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return null;
        } catch (java.nio.file.FileSystemException e) {
            return null;
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(list::add);
        }
        list.sort(null);
        return list;
    }
}
