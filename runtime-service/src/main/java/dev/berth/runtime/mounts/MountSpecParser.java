package dev.berth.runtime.mounts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.json.JsonMaps;
import dev.berth.runtime.isolation.TmpfsMounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code --mount} (HostConfig.Mounts): Docker's mount.Mount objects, validated as moby's ParseMountSpec. */
final class MountSpecParser {
    private MountSpecParser() {
    }

    static MountRequest parse(JsonNode m) {
        String type = m.path("Type").asText("");
        String source = m.path("Source").asText("");
        String target = m.path("Target").asText("");
        boolean readOnly = m.path("ReadOnly").asBoolean(false);
        String prefix = "invalid mount config for type \"" + type + "\": ";
        if (target.isEmpty()) {
            throw BerthException.invalid(prefix + "field Target must not be empty");
        }
        switch (type) {
            case "bind" -> {
                if (m.hasNonNull("VolumeOptions")) {
                    throw BerthException.invalid(prefix + "field VolumeOptions must not be specified");
                }
                if (m.hasNonNull("TmpfsOptions")) {
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
                JsonNode bindOptions = m.path("BindOptions");
                boolean create = bindOptions.path("CreateMountpoint").asBoolean(false);
                if (!create && !Files.exists(Path.of(source))) {
                    throw BerthException.invalid(prefix + "bind source path does not exist: " + source);
                }
                String propagation = bindOptions.path("Propagation").asText("");
                if (!propagation.isEmpty() && !BindSpecParser.PROPAGATIONS.contains(propagation)) {
                    throw BerthException.invalid(prefix + "invalid propagation mode: " + propagation);
                }
                return MountRequest.bind(source, Destinations.clean(target), readOnly, "",
                        propagation.isEmpty() ? "rprivate" : propagation, create);
            }
            case "volume" -> {
                if (m.hasNonNull("BindOptions")) {
                    throw BerthException.invalid(prefix + "field BindOptions must not be specified");
                }
                if (m.hasNonNull("TmpfsOptions")) {
                    throw BerthException.invalid(prefix + "field TmpfsOptions must not be specified");
                }
                Destinations.check(type, target);
                JsonNode vo = m.path("VolumeOptions");
                if (!vo.path("Subpath").asText("").isEmpty()) {
                    throw BerthException.invalid(prefix + "volume subpath is not supported");
                }
                JsonNode driverConfig = vo.path("DriverConfig");
                Map<String, String> opts = JsonMaps.strings(driverConfig.path("Options"));
                if (source.isEmpty() && !opts.isEmpty()) {
                    // moby: options for an anonymous volume are allowed
                }
                return MountRequest.volume(source, Destinations.clean(target), readOnly, "",
                        vo.path("NoCopy").asBoolean(false), driverConfig.path("Name").asText(""),
                        opts, JsonMaps.strings(vo.path("Labels")));
            }
            case "tmpfs" -> {
                if (!source.isEmpty()) {
                    throw BerthException.invalid(prefix + "field Source must not be specified");
                }
                if (m.hasNonNull("BindOptions")) {
                    throw BerthException.invalid(prefix + "field BindOptions must not be specified");
                }
                if (m.hasNonNull("VolumeOptions")) {
                    throw BerthException.invalid(prefix + "field VolumeOptions must not be specified");
                }
                Destinations.check(type, target);
                JsonNode to = m.path("TmpfsOptions");
                return MountRequest.tmpfs(Destinations.clean(target), readOnly,
                        TmpfsMounts.sizeAndMode(to.path("SizeBytes").asLong(0), to.path("Mode").asInt(0)));
            }
            case "" -> throw BerthException.invalid("invalid mount config: must use either propagation mode or type");
            default -> throw BerthException.invalid("invalid mount config for type \"" + type
                    + "\": mount type unknown");
        }
    }

    static List<MountRequest> parseAll(JsonNode mounts) {
        List<MountRequest> out = new ArrayList<>();
        if (mounts != null && mounts.isArray()) {
            mounts.forEach(m -> out.add(parse(m)));
        }
        return out;
    }
}
