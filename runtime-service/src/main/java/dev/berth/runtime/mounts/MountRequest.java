package dev.berth.runtime.mounts;

import java.util.Map;

/**
 * A mount as asked for (Binds, Mounts, Config.Volumes), before volumes are resolved. For volumes, an empty
 * source means anonymous.
 */
record MountRequest(
        String type,
        String source,
        String destination,
        boolean readOnly,
        String mode,
        String propagation,
        boolean noCopy,
        boolean createHostPath,
        String driver,
        Map<String, String> driverOpts,
        Map<String, String> labels,
        String tmpfsOptions,
        MountPoint shared) {

    static MountRequest volume(String name, String destination, boolean readOnly, String mode, boolean noCopy,
            String driver, Map<String, String> driverOpts, Map<String, String> labels) {
        return new MountRequest(MountPoint.VOLUME, name, destination, readOnly, mode, "", noCopy, false, driver,
                driverOpts, labels, null, null);
    }

    static MountRequest bind(String source, String destination, boolean readOnly, String mode, String propagation,
            boolean createHostPath) {
        return new MountRequest(MountPoint.BIND, source, destination, readOnly, mode, propagation, false, createHostPath,
                null, null, null, null, null);
    }

    static MountRequest tmpfs(String destination, boolean readOnly, String tmpfsOptions) {
        return new MountRequest(MountPoint.TMPFS, "", destination, readOnly, "", "", false, false, null, null, null,
                tmpfsOptions, null);
    }

    /** A mount point of another container, taken as it is ({@code --volumes-from}). */
    static MountRequest of(MountPoint shared) {
        return new MountRequest(shared.type(), shared.source(), shared.destination(), !shared.rw(), shared.mode(),
                shared.propagation(), true, false, shared.driver(), null, null, shared.tmpfsOptions(), shared);
    }
}
