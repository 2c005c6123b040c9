package dev.berth.runtime.rootfs;

import dev.berth.runtime.node.NodePaths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SizeRw (the upper dir plus the container's log files, which Docker also counts in its container size) and
 * SizeRootFs (SizeRw plus the image layers; layer sizes are cached, layers never change). Blocking.
 */
@ApplicationScoped
public class ContainerSizes {
    @Inject
    NodePaths paths;

    private final Map<String, Long> layerSizes = new ConcurrentHashMap<>();

    public record Sizes(long rw, long rootFs) {
    }

    public Sizes of(String id, List<String> layerDirs) {
        long rw = rw(id);
        long image = 0;
        for (String l : layerDirs) {
            image += layerSizes.computeIfAbsent(l, k -> DiskUsage.of(paths.layers().resolve(k)));
        }
        return new Sizes(rw, rw + image);
    }

    public long rw(String id) {
        Path bundle = paths.bundle(id);
        long size = DiskUsage.of(bundle.resolve("upper"));
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(bundle, "ctr.log*")) {
            for (Path log : logs) {
                size += Files.size(log);
            }
        } catch (IOException e) {
            // no logs
        }
        return size;
    }
}
