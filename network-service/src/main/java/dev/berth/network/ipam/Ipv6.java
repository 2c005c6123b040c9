package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv6 addresses as unsigned 128-bit values, written in RFC 5952's canonical form (as Go's net.IP prints them). */
public final class Ipv6 {
    private Ipv6() {
    }

    public static boolean looksLikeIpv6(String text) {
        return text != null && text.contains(":");
    }

    public static BigInteger parse(String text) {
        String t = text == null ? "" : text.strip();
        // a literal only (never a host name to look up): hex digits, colons, and an embedded dotted quad
        if (!t.contains(":") || !t.matches("[0-9A-Fa-f:.]+")) {
            throw BerthException.invalid("invalid IPv6 address: " + text);
        }
        try {
            byte[] bytes = InetAddress.getByName(t).getAddress();
            if (bytes.length != 16) {
                throw BerthException.invalid("invalid IPv6 address: " + text);
            }
            return new BigInteger(1, bytes);
        } catch (UnknownHostException e) {
            throw BerthException.invalid("invalid IPv6 address: " + text);
        }
    }

    public static String format(BigInteger value) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The canonical form of an address given as text. */
    public static String canonical(String text) {
        return format(parse(text));
    }
}
