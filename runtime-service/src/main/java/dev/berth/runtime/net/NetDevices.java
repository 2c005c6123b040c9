package dev.berth.runtime.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Device names out of the kernel's and iproute2's listings. */
final class NetDevices {
    private NetDevices() {
    }

    /** The names in {@code /proc/net/dev} ("  eth0: 1234 ..." after two header lines). */
    static Set<String> names(String procNetDev) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : procNetDev.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.contains("|")) {
                names.add(line.substring(0, colon).strip());
            }
        }
        return names;
    }

    /** The names in {@code ip -o link show} output ("7: berthv1a2b@if6: <...> ..."), without the peer suffix. */
    static List<String> linkNames(String ipOneLine) {
        List<String> names = new ArrayList<>();
        for (String line : ipOneLine.lines().toList()) {
            String[] parts = line.split(": ", 3);
            if (parts.length >= 2) {
                String name = parts[1].strip();
                int at = name.indexOf('@');
                names.add(at < 0 ? name : name.substring(0, at));
            }
        }
        return names;
    }
}
