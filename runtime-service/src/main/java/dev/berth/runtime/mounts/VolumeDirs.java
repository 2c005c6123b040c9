package dev.berth.runtime.mounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.node.LayerUnpacker;
import dev.berth.runtime.node.OverlayMounts;
import dev.berth.runtime.node.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Volume data on this node: {@code $BERTH_DATA/volumes/<name>/_data}, plus {@code berth-volume.json} naming the
 * volume id the directory belongs to (a volume re-created under the same name starts empty, and a late destroy of
 * the old one leaves the new one alone). A volume with local-driver options (type/device/o) gets its filesystem
 * mounted on {@code _data} when a container first needs it; it stays mounted until the volume is destroyed.
 */
public final class VolumeDirs {
    private static final Logger LOG = Logger.getLogger(VolumeDirs.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    static final String MARKER = "berth-volume.json";

    private final Path root;
    private final ProcessRunner runner;
    private final OverlayMounts mounts;

    public VolumeDirs(Path root, ProcessRunner runner, OverlayMounts mounts) {
        this.root = root;
        this.runner = runner;
        this.mounts = mounts;
    }

    public Path data(String name) {
        return dir(name).resolve("_data");
    }

    private Path dir(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw BerthException.invalid("invalid volume name: " + name);
        }
        return root.resolve(name);
    }

    /** Creates the directories of this volume; data of an earlier volume of the same name is wiped first. */
    public synchronized void ensure(String name, String volumeId, Map<String, String> options) {
        Path dir = dir(name);
        try {
            String current = markerId(dir);
            if (current != null && !current.equals(volumeId)) {
                LOG.info("volume " + name + ": data of the destroyed volume " + current + " removed");
                wipe(dir);
            }
            Files.createDirectories(dir.resolve("_data"));
            if (!volumeId.equals(current)) {
                Map<String, Object> marker = new LinkedHashMap<>();
                marker.put("VolumeId", volumeId);
                marker.put("Options", options == null ? Map.of() : new TreeMap<>(options));
                Files.writeString(dir.resolve(MARKER), JSON.writeValueAsString(marker));
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot create the volume directory of " + name + ": " + e.getMessage(), e);
        }
    }

    /** Mounts the volume's filesystem (local driver options) on {@code _data} unless it is already. */
    public synchronized void mountIfNeeded(String name, Map<String, String> options) {
        if (options == null || !options.containsKey("type")) {
            return;
        }
        Path data = data(name);
        if (mounts.isMounted(data)) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of("mount", "-t", options.get("type")));
        String o = options.getOrDefault("o", "");
        if (!o.isEmpty()) {
            argv.add("-o");
            argv.add(o);
        }
        argv.add(options.getOrDefault("device", ""));
        argv.add(data.toString());
        ProcessRunner.Result result = runner.run(ProcessRunner.Command.of(argv));
        if (!result.ok()) {
            throw BerthException.internal("error while mounting volume '" + data + "': failed to mount local volume: "
                    + result.stderr().strip(), null);
        }
    }

    /** Removes the data of a destroyed volume, if the directory is still that volume's. */
    public synchronized void destroy(String name, String volumeId) {
        Path dir = dir(name);
        try {
            String current = markerId(dir);
            if (current == null && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (current != null && volumeId != null && !current.equals(volumeId)) {
                return; // a newer volume of the same name lives here now
            }
            wipe(dir);
        } catch (IOException | RuntimeException e) {
            LOG.warning("cannot remove the data of volume " + name + ": " + e.getMessage());
        }
    }

    /** Unmounts what is mounted in the volume directory, then deletes it; refuses while anything stays mounted. */
    private void wipe(Path dir) throws IOException {
        Path data = dir.resolve("_data");
        if (mounts.isMounted(data)) {
            mounts.umount(data);
        }
        if (mounts.isMounted(data) || mounts.anyMountUnder(dir)) {
            throw new IOException("something is still mounted under " + dir);
        }
        LayerUnpacker.deleteTree(dir);
    }

    private static String markerId(Path dir) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        JsonNode node = JSON.readTree(Files.readString(marker));
        return node.path("VolumeId").asText(null);
    }

    public static boolean isEmpty(Path dir) {
        try (var entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** Bytes in each volume's {@code _data}: regular files, each inode once, symlinks not followed. */
    public Map<String, Long> usage() {
        Map<String, Long> sizes = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return sizes;
        }
        try (var dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                    sizes.put(dir.getFileName().toString(), size(dir.resolve("_data")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sizes;
    }

    static long size(Path data) {
        long[] total = {0};
        Set<Object> seen = new HashSet<>();
        try {
            Files.walkFileTree(data, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && (attrs.fileKey() == null || seen.add(attrs.fileKey()))) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }
}
