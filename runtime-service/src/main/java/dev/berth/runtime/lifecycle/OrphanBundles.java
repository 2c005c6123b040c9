package dev.berth.runtime.lifecycle;

import dev.berth.runtime.mounts.MountSetup;
import dev.berth.runtime.node.ExitFiles;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.service.ContainerNode;
import dev.berth.runtime.store.ContainerLookup;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Container directories that no container row knows: a create that the service's death cut short between preparing
 * the bundle (rootfs, network files, volume uses) and committing its row. At startup, the directories made before
 * this process started and without a row are taken down as a failed create's are (network, rootfs, volume uses,
 * directory). Directories made since belong to creates in flight and are left alone.
 */
@ApplicationScoped
public class OrphanBundles {
    private static final Logger LOG = Logger.getLogger(OrphanBundles.class.getName());

    @Inject
    NodePaths paths;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerNode node;
    @Inject
    MountSetup mounts;

    /** Blocking. Returns the ids taken down. */
    public List<String> sweep(Instant startedAt) {
        return takeDownUnknown(candidates(paths.containers(), startedAt), Level.WARNING,
                "container directory %s has no container (a create cut short, or a container moved to another node"
                        + " while this one was down): removing it");
    }

    /**
     * Blocking. The containers running here (their conmon alive) that no row knows any more: copies of containers
     * another node took over while this one was out of sight ({@link LostCopies}); a create in flight has a row before
     * anything runs, so it is never one of them. Returns the ids taken down.
     */
    public List<String> sweepRunning() {
        return takeDownUnknown(candidates(paths.containers(), Instant.MAX).stream().filter(node::conmonAlive).toList(),
                Level.FINE, "container %s runs here but was moved to another node while this node was out of sight:"
                        + " stopping and removing this copy");
    }

    /** Those of {@code ids} that no row knows, taken down ({@code why}: the log line, %s the id). */
    private List<String> takeDownUnknown(List<String> ids, Level unreadable, String why) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<String> known;
        try {
            known = new HashSet<>(VertxContextSupport.subscribeAndAwait(lookup::ids));
        } catch (Throwable t) {
            LOG.log(unreadable, "cannot read the container ids, nothing is taken down now: " + t.getMessage());
            return List.of();
        }
        List<String> unknown = ids.stream().filter(id -> !known.contains(id)).toList();
        for (String id : unknown) {
            LOG.info(String.format(why, id));
            takeDown(id);
        }
        return unknown;
    }

    private void takeDown(String id) {
        try {
            stopQuietly(id);
            node.removeAll(id);
            mounts.releaseQuietly(id, true);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot remove the orphan container directory " + id + ": " + e.getMessage());
        }
    }

    /**
     * A container of this node that another node took over while this one was down still runs here (its conmon
     * outlives runtime-service): it must not run twice.
     */
    private void stopQuietly(String id) {
        try {
            node.thawQuietly(id);
            node.kill(id, 9);
        } catch (RuntimeException e) {
            LOG.fine("container " + id + " did not run: " + e.getMessage());
        }
        node.cleanupQuietly(id);
    }

    /** Container directories under {@code containers} last modified before {@code startedAt}. */
    static List<String> candidates(Path containers, Instant startedAt) {
        if (!Files.isDirectory(containers)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(containers)) {
            return dirs.filter(d -> ExitFiles.isContainerId(d.getFileName().toString()))
                    .filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) && modifiedBefore(d, startedAt))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list " + containers + ": " + e.getMessage());
            return List.of();
        }
    }

    private static boolean modifiedBefore(Path dir, Instant startedAt) {
        try {
            return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(startedAt);
        } catch (IOException e) {
            return false;
        }
    }
}
