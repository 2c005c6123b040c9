package dev.berth.runtime.mounts;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.isolation.TmpfsMounts;
import dev.berth.runtime.spec.MountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code --mount} (HostConfig.Mounts): Docker's mount.Mount objects, typed, validated as moby's ParseMountSpec. */
final class MountSpecParser {
    private MountSpecParser() {
    }

    static MountRequest parse(MountSpec m) {
        String type = m.type();
        String source = m.source();
        String target = m.target();
        boolean readOnly = m.readOnly();
        String prefix = "invalid mount config for type \"" + type + "\": ";
        if (target.isEmpty()) {
            throw BerthException.invalid(prefix + "field Target must not be empty");
        }
        switch (type) {
            case "bind" -> {
                if (m.volumeOptions() != null) {
                    throw BerthException.invalid(prefix + "field VolumeOptions must not be specified");
                }
                if (m.tmpfsOptions() != null) {
                    throw BerthException.invalid(prefix + "field TmpfsOptions must not be specified");
                }
                if (source.isEmpty()) {
                    throw BerthException.invalid(prefix + "field Source must not be empty");
                }
                if (!source.startsWith("/")) {
                    throw BerthException.invalid(prefix + "invalid mount path: '" + source
                            + "' mount path must be absolute");
                }
                Destinations.check(type, target);
                MountSpec.BindOptions bindOptions = m.bindOptions();
                boolean create = bindOptions != null && bindOptions.createMountpoint();
                if (!create && !Files.exists(Path.of(source))) {
                    throw BerthException.invalid(prefix + "bind source path does not exist: " + source);
                }
                String propagation = bindOptions == null ? "" : bindOptions.propagation();
                if (!propagation.isEmpty() && !BindSpecParser.PROPAGATIONS.contains(propagation)) {
                    throw BerthException.invalid(prefix + "invalid propagation mode: " + propagation);
                }
                return MountRequest.bind(source, Destinations.clean(target), readOnly, "",
                        propagation.isEmpty() ? "rprivate" : propagation, create);
            }
            case "volume" -> {
                if (m.bindOptions() != null) {
                    throw BerthException.invalid(prefix + "field BindOptions must not be specified");
                }
                if (m.tmpfsOptions() != null) {
                    throw BerthException.invalid(prefix + "field TmpfsOptions must not be specified");
                }
                Destinations.check(type, target);
                MountSpec.VolumeOptions vo = m.volumeOptions();
                if (vo != null && !vo.subpath().isEmpty()) {
                    throw BerthException.invalid(prefix + "volume subpath is not supported");
                }
                return vo == null ? MountRequest.volume(source, Destinations.clean(target), readOnly, "", false, "",
                        Map.of(), Map.of())
                        : MountRequest.volume(source, Destinations.clean(target), readOnly, "", vo.noCopy(),
                                vo.driverName(), vo.driverOptions(), vo.labels());
            }
            case "tmpfs" -> {
                if (!source.isEmpty()) {
                    throw BerthException.invalid(prefix + "field Source must not be specified");
                }
                if (m.bindOptions() != null) {
                    throw BerthException.invalid(prefix + "field BindOptions must not be specified");
                }
                if (m.volumeOptions() != null) {
                    throw BerthException.invalid(prefix + "field VolumeOptions must not be specified");
                }
                Destinations.check(type, target);
                MountSpec.TmpfsOptions to = m.tmpfsOptions();
                return MountRequest.tmpfs(Destinations.clean(target), readOnly, to == null
                        ? TmpfsMounts.sizeAndMode(0, 0) : TmpfsMounts.sizeAndMode(to.sizeBytes(), (int) to.mode()));
            }
            case "" -> throw BerthException.invalid("invalid mount config: must use either propagation mode or type");
            default -> throw BerthException.invalid("invalid mount config for type \"" + type
                    + "\": mount type unknown");
        }
    }

    static List<MountRequest> parseAll(List<MountSpec> mounts) {
        List<MountRequest> out = new ArrayList<>();
        mounts.forEach(m -> out.add(parse(m)));
        return out;
    }
}
