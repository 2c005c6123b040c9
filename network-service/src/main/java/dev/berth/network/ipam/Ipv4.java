package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;

/** Dotted-quad IPv4 addresses as unsigned values. */
public final class Ipv4 {
    private Ipv4() {
    }

    public static long parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\.", -1);
        if (parts.length != 4) {
            throw BerthException.invalid("invalid IPv4 address: " + text);
        }
        long value = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw BerthException.invalid("invalid IPv4 address: " + text);
            }
            if (octet < 0 || octet > 255 || p.isEmpty() || p.length() > 3) {
                throw BerthException.invalid("invalid IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }

    /** Docker's MAC for an address: 02:42 followed by the four octets. */
    public static String mac(long value) {
        return String.format("02:42:%02x:%02x:%02x:%02x", (value >> 24) & 255, (value >> 16) & 255,
                (value >> 8) & 255, value & 255);
    }
}
