package dev.berth.runtime.mounts;

import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.node.OverlayMounts;
import dev.berth.runtime.node.ProcessRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires volumes on this node: data under {@code $BERTH_DATA/volumes}, volume-service at BERTH_VOLUME_URL. */
@ApplicationScoped
public class MountBeans {
    @Produces
    @Singleton
    VolumeDirs volumeDirs(NodePaths paths, ProcessRunner runner, OverlayMounts mounts) {
        return new VolumeDirs(paths.data().resolve("volumes"), runner, mounts);
    }

    @Produces
    @Singleton
    VolumeClient volumeClient(@ConfigProperty(name = "berth.volume-url") String url) {
        return new VolumeClient(url);
    }
}
