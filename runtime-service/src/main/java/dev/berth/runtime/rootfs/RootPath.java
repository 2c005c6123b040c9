package dev.berth.runtime.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a container's root filesystem as the kernel would after {@code chroot(root)}: every
 * component is looked at with lstat; a symlink is replaced by its target, an absolute target starts over at the root,
 * {@code ..} never climbs above the root. The result is a host path below {@code root} whose every parent component is
 * a real directory or missing (never a symlink), so opening it with NOFOLLOW on the last component stays inside the root.
 *
 * <p>This is only sound while nothing else changes the tree: callers hold the container frozen (or stopped).
 */
public final class RootPath {
    private static final int MAX_LINKS = 40;

    private final Path root;

    public RootPath(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** A resolved path: the host path and the container path it stands for (absolute, clean). */
    public record Resolved(Path host, String inContainer) {
    }

    /**
     * @param followLast follow a symlink in the last component too (always done when the path ends with "/" or "/.")
     */
    public Resolved resolve(String containerPath, boolean followLast) throws IOException {
        String p = containerPath == null || containerPath.isEmpty() ? "/" : containerPath;
        boolean trailing = p.endsWith("/") || p.endsWith("/.") || p.equals(".");
        Deque<String> todo = new ArrayDeque<>(split(p));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            boolean last = todo.stream().allMatch(x -> x.isEmpty() || x.equals("."));
            Path candidate = host(done).resolve(part);
            if (last && !followLast && !trailing) {
                done.add(part);
                break;
            }
            BasicFileAttributes a = lstat(candidate);
            if (a != null && a.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links: " + containerPath);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                List<String> targetParts = split(target);
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    todo.addFirst(targetParts.get(i));
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                continue;
            }
            done.add(part);
        }
        return new Resolved(host(done), "/" + String.join("/", done));
    }

    /** The container path of a host path below the root ("/" for the root itself). */
    public String inContainer(Path host) {
        Path rel = root.relativize(host.toAbsolutePath().normalize());
        String s = rel.toString();
        return s.isEmpty() ? "/" : "/" + s;
    }

    private Path host(List<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return parts;
    }

    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.file.FileSystemException e) {
            // ENOTDIR and friends: treat as missing
            return null;
        }
    }
}
