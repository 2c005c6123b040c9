package dev.berth.runtime.rootfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Container paths that lie under a volume or bind mount are served from the mount's source on the host, as dockerd
 * does, instead of the (hidden) directory of the root filesystem under it. The path is first resolved in the
 * container's root ({@link RootPath}); if it lands on or below a mount's destination (the longest one wins), the rest
 * is resolved again inside the mount's source, which is then the root that nothing may leave. tmpfs mounts exist only
 * inside the container and are not reachable.
 */
public final class MountedPaths {
    /** A volume or bind mount: where it is in the container, where its data is on the host. */
    public record Mount(String destination, Path source, boolean readOnly) {
    }

    /** Where a container path is: the root to resolve in (container root or a mount source) and the path in it. */
    public record Location(RootPath root, String path, Mount mount) {
    }

    private MountedPaths() {
    }

    public static Location locate(RootPath containerRoot, List<Mount> mounts, String path, boolean followLast)
            throws IOException {
        String resolved = containerRoot.resolve(path, followLast).inContainer();
        Mount best = null;
        for (Mount m : mounts) {
            String d = clean(m.destination());
            if ((resolved.equals(d) || resolved.startsWith(d.equals("/") ? "/" : d + "/"))
                    && (best == null || d.length() > clean(best.destination()).length())) {
                best = m;
            }
        }
        if (best == null) {
            return new Location(containerRoot, path, null);
        }
        String d = clean(best.destination());
        String rest = resolved.substring(d.length());
        if (path.endsWith("/.")) {
            rest = rest + "/.";
        } else if (path.endsWith("/") && !rest.endsWith("/")) {
            rest = rest + "/";
        }
        return new Location(new RootPath(best.source()), rest.isEmpty() ? "/" : rest, best);
    }

    static String clean(String destination) {
        String d = destination;
        while (d.length() > 1 && d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.startsWith("/") ? d : "/" + d;
    }
}
