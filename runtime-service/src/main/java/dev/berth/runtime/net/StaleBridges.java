package dev.berth.runtime.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Bridges of removed networks that still hold a subnet a new bridge is about to take. network-service hands a
 * removed network's subnet out again when no other one is free (its {@code TakenSubnets}), and this node takes a
 * removed network's bridge down only when it reads the {@code destroy} event; a bridge of this instance
 * ({@code <prefix>-…}, not the new one) whose IPv4 subnet overlaps the new one's can only be such a leftover, since
 * the subnets of existing networks never overlap. Reads {@code ip -4 -o addr show type bridge}.
 */
final class StaleBridges {
    private StaleBridges() {
    }

    /** A bridge and the subnet of its address, as its rules name it ({@code 10.1.2.0/24}). */
    record Stale(String device, String subnet, String gateway, int prefixLen) {
    }

    static List<Stale> overlapping(String ipAddrShow, String bridgePrefix, String newDevice, String newSubnet) {
        long[] wanted = range(newSubnet);
        List<Stale> stale = new ArrayList<>();
        for (String line : ipAddrShow.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "7: berth-1a2b    inet 10.9.0.1/24 brd 10.9.0.255 scope global berth-1a2b\ ..."
            if (f.length < 4 || !f[2].equals("inet") || !f[3].contains("/")) {
                continue;
            }
            String device = f[1];
            if (!device.startsWith(bridgePrefix) || device.equals(newDevice)) {
                continue;
            }
            String[] addr = f[3].split("/");
            int length = Integer.parseInt(addr[1]);
            long base = ipv4(addr[0]) & mask(length);
            long last = base | (~mask(length) & 0xFFFFFFFFL);
            if (base <= wanted[1] && wanted[0] <= last) {
                stale.add(new Stale(device, format(base) + "/" + length, addr[0], length));
            }
        }
        return stale;
    }

    private static long[] range(String cidr) {
        String[] p = cidr.split("/");
        int length = Integer.parseInt(p[1]);
        long base = ipv4(p[0]) & mask(length);
        return new long[] {base, base | (~mask(length) & 0xFFFFFFFFL)};
    }

    private static long mask(int length) {
        return length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
    }

    private static long ipv4(String dotted) {
        long v = 0;
        for (String part : dotted.split("\\.")) {
            v = (v << 8) | Long.parseLong(part);
        }
        return v;
    }

    private static String format(long v) {
        return ((v >> 24) & 0xFF) + "." + ((v >> 16) & 0xFF) + "." + ((v >> 8) & 0xFF) + "." + (v & 0xFF);
    }
}
