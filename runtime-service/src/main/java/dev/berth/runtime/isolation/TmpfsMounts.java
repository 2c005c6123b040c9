package dev.berth.runtime.isolation;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.node.oci.Mount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * tmpfs mounts as Docker makes them (HostConfig.Tmpfs {@code {"/run": "rw,size=64m"}}, and {@code --mount type=tmpfs}):
 * {@code noexec,nosuid,nodev} by default, the user's options replacing same-named ones and their opposites
 * (moby mount.MergeTmpfsOptions).
 */
public final class TmpfsMounts {
    private static final List<String> DEFAULTS = List.of("noexec", "nosuid", "nodev");
    private static final Map<String, String> OPPOSITES = Map.of("exec", "noexec", "noexec", "exec", "suid", "nosuid",
            "nosuid", "suid", "dev", "nodev", "nodev", "dev", "rw", "ro", "ro", "rw", "atime", "noatime", "noatime",
            "atime");

    private TmpfsMounts() {
    }

    /** The OCI mount for one tmpfs at {@code destination} with comma-separated {@code options}. */
    public static Mount mount(String destination, String options) {
        if (destination == null || !destination.startsWith("/")) {
            throw BerthException.invalid("invalid mount path: '" + destination + "' mount path must be absolute");
        }
        if (destination.equals("/")) {
            throw BerthException.invalid("invalid specification: destination can't be '/'");
        }
        return new Mount(destination, "tmpfs", "tmpfs", merge(options));
    }

    /** A read-only tmpfs (--mount type=tmpfs,readonly): the options with {@code ro}. */
    public static Mount mount(String destination, String options, boolean readOnly) {
        return mount(destination, readOnly ? "ro" + (options == null || options.isEmpty() ? "" : "," + options)
                : options);
    }

    /** Docker's TmpfsOptions (SizeBytes, Mode) as mount options: {@code size=<bytes>}, {@code mode=<octal>}. */
    public static String sizeAndMode(long sizeBytes, int mode) {
        List<String> out = new ArrayList<>();
        if (sizeBytes > 0) {
            out.add("size=" + sizeBytes);
        }
        if (mode > 0) {
            out.add("mode=" + Integer.toOctalString(mode));
        }
        return String.join(",", out);
    }

    /** All HostConfig.Tmpfs entries as OCI mounts. */
    public static List<Mount> fromHostConfig(Map<String, String> tmpfs) {
        List<Mount> out = new ArrayList<>();
        tmpfs.forEach((destination, options) -> out.add(mount(destination, options)));
        return out;
    }

    static List<String> merge(String userOptions) {
        List<String> options = new ArrayList<>(DEFAULTS);
        if (userOptions == null || userOptions.isBlank()) {
            return options;
        }
        for (String raw : userOptions.split(",")) {
            String o = raw.strip();
            if (o.isEmpty()) {
                continue;
            }
            int eq = o.indexOf('=');
            if (eq > 0) {
                String key = o.substring(0, eq + 1);
                options.removeIf(x -> x.startsWith(key));
            } else {
                options.remove(o);
                String opposite = OPPOSITES.get(o);
                if (opposite != null) {
                    options.remove(opposite);
                }
            }
            options.add(o);
        }
        return options;
    }
}
