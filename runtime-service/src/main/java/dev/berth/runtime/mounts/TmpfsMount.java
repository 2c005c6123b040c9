package dev.berth.runtime.mounts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tmpfs mount in the OCI spec with Docker's options (noexec, nosuid, nodev, then the user's size/mode). */
public final class TmpfsMount {
    private TmpfsMount() {
    }

    /** Docker's TmpfsOptions as mount data: {@code size=<bytes>}, {@code mode=<octal>}. */
    public static String options(long sizeBytes, int mode) {
        List<String> out = new ArrayList<>();
        if (sizeBytes > 0) {
            out.add("size=" + sizeBytes);
        }
        if (mode > 0) {
            out.add("mode=" + Integer.toOctalString(mode));
        }
        return String.join(",", out);
    }

    public static Map<String, Object> spec(String destination, String data, boolean readOnly) {
        List<String> options = new ArrayList<>(List.of("noexec", "nosuid", "nodev"));
        if (readOnly) {
            options.add("ro");
        }
        if (data != null && !data.isEmpty()) {
            options.addAll(List.of(data.split(",")));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", destination);
        m.put("type", "tmpfs");
        m.put("source", "tmpfs");
        m.put("options", options);
        return m;
    }
}
