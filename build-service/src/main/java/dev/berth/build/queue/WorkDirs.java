package dev.berth.build.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Deletes a build's scratch directory, best effort. */
public final class WorkDirs {
    private static final Logger LOG = Logger.getLogger(WorkDirs.class.getName());

    private WorkDirs() {
    }

    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot clean " + dir, e);
        }
    }
}
