package dev.berth.runtime.mounts;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.HostSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * moby's registerMountPoints order: mounts of {@code --volumes-from} first, then Binds and Mounts replace those on
 * the same destination (a destination twice among Binds and Mounts is an error), then every Config.Volumes path
 * (image VOLUME, {@code -v /path}) not covered yet becomes an anonymous volume.
 */
final class MountPlan {
    private MountPlan() {
    }

    static List<MountRequest> of(List<MountPoint> volumesFrom, HostSpec host, List<String> configVolumes) {
        Map<String, MountRequest> byDestination = new LinkedHashMap<>();
        for (MountPoint shared : volumesFrom) {
            byDestination.put(shared.destination(), MountRequest.of(shared));
        }
        Set<String> explicit = new HashSet<>();
        for (String bind : host.binds()) {
            add(byDestination, explicit, BindSpecParser.parse(bind));
        }
        for (MountRequest m : MountSpecParser.parseAll(host.mounts())) {
            add(byDestination, explicit, m);
        }
        Set<String> tmpfs = new HashSet<>();
        host.tmpfs().keySet().forEach(d -> tmpfs.add(Destinations.clean(d)));
        for (String raw : configVolumes) {
            Destinations.check("volume", raw);
            String destination = Destinations.clean(raw);
            if (!byDestination.containsKey(destination) && !tmpfs.contains(destination)) {
                byDestination.put(destination, MountRequest.volume("", destination, false, "", false, null, null, null));
            }
        }
        return new ArrayList<>(byDestination.values());
    }

    private static void add(Map<String, MountRequest> byDestination, Set<String> explicit, MountRequest m) {
        if (!explicit.add(m.destination())) {
            throw BerthException.invalid("Duplicate mount point: " + m.destination());
        }
        byDestination.put(m.destination(), m);
    }
}
