package dev.berth.network.ipam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The host's IPv4 routes (from /proc/net/route), default routes left out: subnets must not overlap them. */
public final class HostRoutes {
    private HostRoutes() {
    }

    /** Routes of every interface except {@code ignoredDevices} (the bridges berth manages itself). */
    public static List<Cidr> read(Set<String> ignoredDevices) {
        try {
            return parse(Files.readAllLines(Path.of("/proc/net/route")), ignoredDevices);
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<Cidr> parse(List<String> lines, Set<String> ignoredDevices) {
        List<Cidr> routes = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || f[0].equals("Iface") || ignoredDevices.contains(f[0])) {
                continue;
            }
            long dest = littleEndian(f[1]);
            long mask = littleEndian(f[7]);
            int length = Long.bitCount(mask);
            if (length == 0) {
                continue;
            }
            routes.add(new Cidr(dest, length));
        }
        return routes;
    }

    private static long littleEndian(String hex) {
        long v = Long.parseLong(hex, 16);
        return ((v & 0xFF) << 24) | ((v & 0xFF00) << 8) | ((v >> 8) & 0xFF00) | ((v >> 24) & 0xFF);
    }
}
