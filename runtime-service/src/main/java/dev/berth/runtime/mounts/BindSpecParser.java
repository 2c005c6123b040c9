package dev.berth.runtime.mounts;

import dev.berth.common.errors.BerthException;
import java.util.Set;

/** moby's Linux parser for {@code -v} (HostConfig.Binds): {@code [source:]destination[:mode]}. */
final class BindSpecParser {
    static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate");
    private static final Set<String> LABELS = Set.of("z", "Z");
    private static final Set<String> CONSISTENCY = Set.of("consistent", "cached", "delegated");

    private BindSpecParser() {
    }

    static MountRequest parse(String raw) {
        String[] arr = raw.split(":", -1);
        String source = "";
        String destination;
        String mode = "";
        switch (arr.length) {
            case 1 -> destination = arr[0];
            case 2 -> {
                if (validMode(arr[1])) {
                    destination = arr[0];
                    mode = arr[1];
                } else {
                    source = arr[0];
                    destination = arr[1];
                }
            }
            case 3 -> {
                source = arr[0];
                destination = arr[1];
                mode = arr[2];
                if (!validMode(mode)) {
                    throw BerthException.invalid("invalid mode: " + mode);
                }
            }
            default -> throw BerthException.invalid("invalid volume specification: '" + raw + "'");
        }
        if (destination.isEmpty() || (arr.length > 1 && source.isEmpty() && !validMode(arr[arr.length - 1]))) {
            throw BerthException.invalid("invalid volume specification: '" + raw + "'");
        }
        boolean bind = source.startsWith("/");
        String type = bind ? "bind" : "volume";
        Destinations.check(type, destination);
        boolean readOnly = false;
        boolean noCopy = false;
        String propagation = "";
        for (String m : mode.isEmpty() ? new String[0] : mode.split(",")) {
            if (m.equals("ro")) {
                readOnly = true;
            } else if (m.equals("nocopy")) {
                if (bind) {
                    throw BerthException.invalid("invalid mode: " + mode);
                }
                noCopy = true;
            } else if (PROPAGATIONS.contains(m)) {
                if (!bind) {
                    throw BerthException.invalid("invalid mode: " + mode);
                }
                propagation = m;
            }
        }
        if (bind) {
            return MountRequest.bind(source, Destinations.clean(destination), readOnly, mode,
                    propagation.isEmpty() ? "rprivate" : propagation, true);
        }
        return MountRequest.volume(source, Destinations.clean(destination), readOnly, mode.isEmpty() ? "z" : mode,
                noCopy, null, null, null);
    }

    static boolean validMode(String mode) {
        if (mode.isEmpty()) {
            return false;
        }
        int rw = 0;
        int propagation = 0;
        int label = 0;
        int copy = 0;
        int consistency = 0;
        for (String m : mode.split(",", -1)) {
            if (m.equals("rw") || m.equals("ro")) {
                rw++;
            } else if (PROPAGATIONS.contains(m)) {
                propagation++;
            } else if (LABELS.contains(m)) {
                label++;
            } else if (m.equals("nocopy")) {
                copy++;
            } else if (CONSISTENCY.contains(m)) {
                consistency++;
            } else {
                return false;
            }
        }
        return rw <= 1 && propagation <= 1 && label <= 1 && copy <= 1 && consistency <= 1;
    }
}
