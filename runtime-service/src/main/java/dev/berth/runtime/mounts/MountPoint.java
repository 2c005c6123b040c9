package dev.berth.runtime.mounts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One resolved mount of a container, as stored with it (column {@code mounts}, bundle {@code mounts.json}).
 * Type is volume, bind or tmpfs. For volumes: Name, VolumeId (the node's marker), Options (the local driver's
 * type/device/o), Anonymous, CopyUp (copy the image's content into an empty volume on first start).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MountPoint(
        String type,
        String name,
        String source,
        String destination,
        String driver,
        String mode,
        boolean rw,
        String propagation,
        String volumeId,
        Map<String, String> options,
        boolean anonymous,
        boolean copyUp,
        String tmpfsOptions) {

    public static final String VOLUME = "volume";
    public static final String BIND = "bind";
    public static final String TMPFS = "tmpfs";

    public boolean isVolume() {
        return VOLUME.equals(type);
    }

    /** Docker's MountPoint in container inspect and list. */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", type);
        if (isVolume()) {
            m.put("Name", name);
        }
        m.put("Source", source == null ? "" : source);
        m.put("Destination", destination);
        if (isVolume()) {
            m.put("Driver", driver);
        }
        m.put("Mode", mode == null ? "" : mode);
        m.put("RW", rw);
        m.put("Propagation", propagation == null ? "" : propagation);
        return m;
    }

    /** The same mount for another container ({@code --volumes-from}): no copy-up, read-only if asked. */
    MountPoint sharedWith(Boolean readOnly) {
        boolean newRw = readOnly == null ? rw : !readOnly;
        String newMode = readOnly == null ? mode : (readOnly ? "ro" : "rw");
        return new MountPoint(type, name, source, destination, driver, newMode, newRw, propagation, volumeId, options,
                anonymous, false, tmpfsOptions);
    }
}
