package dev.berth.runtime.mounts;

import dev.berth.runtime.node.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Docker's copy-up: the first mount of an empty volume gets what the image has at the destination (owner, mode
 * and content, {@code cp -a}). The image path is resolved inside the rootfs: symlinks are followed as the
 * container would see them, never out of the rootfs.
 */
final class CopyUp {
    private static final Logger LOG = Logger.getLogger(CopyUp.class.getName());
    private static final int MAX_LINKS = 40;

    private CopyUp() {
    }

    static void copy(ProcessRunner runner, Path rootfs, String destination, Path volumeData) {
        Path source = resolveInRoot(rootfs, destination);
        if (source == null || !Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS) || !VolumeDirs.isEmpty(volumeData)) {
            return;
        }
        ProcessRunner.Command cp = ProcessRunner.Command.of("cp", "-a", "--", source + "/.", volumeData + "/");
        ProcessRunner.Result result = runner.run(cp);
        if (!result.ok()) {
            LOG.warning("copy-up of " + destination + " into " + volumeData + " failed: " + result.stderr().strip());
        }
    }

    /** The host path of {@code path} inside {@code root}, symlinks resolved within root; null if it does not exist. */
    static Path resolveInRoot(Path root, String path) {
        Path current = root;
        java.util.Deque<String> todo = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                todo.addLast(part);
            }
        }
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    return null;
                }
                java.util.List<String> parts = new java.util.ArrayList<>();
                for (String p : target.split("/")) {
                    if (!p.isEmpty()) {
                        parts.add(p);
                    }
                }
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                if (target.startsWith("/")) {
                    current = root;
                }
                continue;
            }
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            current = next;
        }
        return current;
    }
}
