package dev.berth.runtime.isolation;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.Security;
import dev.berth.runtime.node.ExecSpec;
import dev.berth.runtime.node.OciSpecWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --cap-add}/{@code --cap-drop}/{@code --privileged} → the container's capability set (moby
 * caps.TweakCapabilities): names with or without {@code CAP_}, any case, {@code ALL}. "All" means every capability
 * of this node's bounding set (as Podman clamps it); an explicit {@code --cap-add} of one the node lacks is a 400.
 */
public final class Capabilities {
    private Capabilities() {
    }

    public static List<String> resolve(Security security, long boundingSet) {
        List<String> all = ExecSpec.capabilities(true, boundingSet);
        if (security.privileged()) {
            return all;
        }
        List<String> add = normalize(security.capAdd());
        List<String> drop = normalize(security.capDrop());
        for (String c : add) {
            if (!c.equals("ALL") && !all.contains(c)) {
                throw BerthException.invalid("capability " + c + " is not in this node's bounding set");
            }
        }
        List<String> caps = new ArrayList<>();
        if (add.contains("ALL")) {
            all.stream().filter(c -> !drop.contains(c)).forEach(caps::add);
        } else if (drop.contains("ALL")) {
            caps.addAll(add);
        } else {
            OciSpecWriter.DEFAULT_CAPABILITIES.stream().filter(c -> !drop.contains(c)).forEach(caps::add);
            add.stream().filter(c -> !caps.contains(c)).forEach(caps::add);
        }
        return caps;
    }

    /** Validates names (400 {@code unknown capability: "CAP_X"}), upper-cases them and adds the CAP_ prefix. */
    public static List<String> normalize(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String c = n.strip().toUpperCase(Locale.ROOT);
            if (c.isEmpty()) {
                continue;
            }
            if (!c.equals("ALL") && !c.startsWith("CAP_")) {
                c = "CAP_" + c;
            }
            if (!c.equals("ALL") && !ExecSpec.knownCapability(c)) {
                throw BerthException.invalid("unknown capability: \"" + c + "\"");
            }
            out.add(c);
        }
        return out;
    }
}
