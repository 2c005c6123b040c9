package dev.berth.network.ipam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host's IPv4 routes (from /proc/net/route), default routes left out: subnets must not overlap them. */
public final class HostRoutes {
    private HostRoutes() {
    }

    /** One route: the device it leaves by and the destination it covers. */
    public record Route(String device, Cidr destination) {
    }

    public static List<Route> read() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/net/route")));
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<Route> parse(List<String> lines) {
        List<Route> routes = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || f[0].equals("Iface")) {
                continue;
            }
            long dest = littleEndian(f[1]);
            long mask = littleEndian(f[7]);
            int length = Long.bitCount(mask);
            if (length == 0) {
                continue;
            }
            routes.add(new Route(f[0], new Cidr(dest, length)));
        }
        return routes;
    }

    private static long littleEndian(String hex) {
        long v = Long.parseLong(hex, 16);
        return ((v & 0xFF) << 24) | ((v & 0xFF00) << 8) | ((v >> 8) & 0xFF00) | ((v >> 24) & 0xFF);
    }
}
