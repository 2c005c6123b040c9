package dev.berth.runtime.rootfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Sizes as Docker counts them: the apparent size of regular files (hard links once), symlinks not followed. */
public final class DiskUsage {
    private DiskUsage() {
    }

    public static long of(Path root) {
        Set<String> inodes = new HashSet<>();
        try {
            return walk(root, inodes);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long walk(Path p, Set<String> inodes) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:mode,size,nlink,ino,dev", LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
        int type = (Integer) a.get("mode") & 0170000;
        if (type == 0100000) {
            if (((Number) a.get("nlink")).intValue() > 1 && !inodes.add(a.get("dev") + ":" + a.get("ino"))) {
                return 0;
            }
            return ((Number) a.get("size")).longValue();
        }
        if (type != 0040000) {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path child : ds) {
                total += walk(child, inodes);
            }
        } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
            return total;
        }
        return total;
    }
}
