package dev.berth.runtime.mounts;

import dev.berth.runtime.isolation.TmpfsMounts;
import dev.berth.runtime.node.oci.Mount;
import dev.berth.runtime.node.oci.UserMounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * A container's mounts in its OCI spec (they come after the default ones, and one on the same destination, e.g.
 * /etc/hosts or /dev/shm, replaces the default), ordered by path depth so that the more specific path is mounted
 * last and wins (moby's sort).
 */
public final class OciMounts {
    private OciMounts() {
    }

    /** The container's mounts for its OCI spec; {@code hostSource} is where a mount's content is on the host. */
    public static UserMounts of(List<MountPoint> mountPoints, Function<MountPoint, String> hostSource) {
        return new UserMounts(entries(mountPoints, hostSource), rootfsPropagation(mountPoints));
    }

    static List<Mount> entries(List<MountPoint> mountPoints, Function<MountPoint, String> hostSource) {
        List<MountPoint> sorted = new ArrayList<>(mountPoints);
        sorted.sort(Comparator.comparingInt(m -> Destinations.depth(m.destination())));
        List<Mount> out = new ArrayList<>();
        for (MountPoint m : sorted) {
            if (MountPoint.TMPFS.equals(m.type())) {
                out.add(TmpfsMounts.mount(m.destination(), m.tmpfsOptions(), !m.rw()));
                continue;
            }
            List<String> options = new ArrayList<>();
            options.add("rbind");
            String propagation = m.propagation() == null || m.propagation().isEmpty() ? "rprivate" : m.propagation();
            options.add(propagation);
            if (!m.rw()) {
                options.add("ro");
            }
            out.add(new Mount(m.destination(), "bind", hostSource.apply(m), options));
        }
        return out;
    }

    /** moby: a shared mount needs a shared rootfs, a slave one at least a slave rootfs. */
    static String rootfsPropagation(List<MountPoint> mountPoints) {
        String result = null;
        for (MountPoint m : mountPoints) {
            String p = m.propagation() == null ? "" : m.propagation();
            if (p.equals("shared") || p.equals("rshared")) {
                return "rshared";
            }
            if (p.equals("slave") || p.equals("rslave")) {
                result = "rslave";
            }
        }
        return result;
    }
}
