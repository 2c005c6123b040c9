package dev.berth.runtime.mounts;

import dev.berth.runtime.spec.HostSpec;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/** What docker create asks of a new container's mounts: resolve and prepare them, keep them, give them back. */
public interface MountSetup {

    /**
     * The mounts of the {@code --volumes-from} containers (HostConfig.VolumesFrom, each {@code name[:ro|:rw]});
     * {@code mountsOf} gives a container's stored mounts.
     */
    Uni<List<MountPoint>> volumesFrom(List<String> volumesFrom, Function<String, Uni<String>> mountsOf);

    /**
     * Resolves (volumes at volume-service) and prepares every mount (blocking): the request's binds, mounts and
     * tmpfs, and the anonymous volumes of {@code configVolumes} (Config.Volumes' paths) not covered by them.
     */
    List<MountPoint> prepare(String containerId, HostSpec host, List<String> configVolumes,
            List<MountPoint> volumesFrom);

    /** Keeps the mounts in the container's bundle for its starts. */
    void writeBundle(String containerId, List<MountPoint> mounts);

    /** The container is gone (its create failed, or it was removed): its volumes are released, best effort. */
    void releaseQuietly(String containerId, boolean removeAnonymous);
}
