package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.Set;

/** Chooses a container address in a network: the requested one if free, else the lowest free one of the range. */
public final class AddressPicker {
    private AddressPicker() {
    }

    public static long pick(Cidr subnet, Cidr range, long gateway, Set<Long> used, String requested) {
        if (requested != null && !requested.isBlank()) {
            long want = Ipv4.parse(requested);
            if (!subnet.contains(want)) {
                throw BerthException.invalid("no configured subnet or ip-range contain the IP address " + requested);
            }
            if (want == subnet.base() || want == subnet.last() || want == gateway || used.contains(want)) {
                throw new BerthException(ErrorKind.FORBIDDEN, "Address already in use");
            }
            return want;
        }
        Cidr from = range == null ? subnet : range;
        for (long a = from.base(); a <= from.last(); a++) {
            if (a != subnet.base() && a != subnet.last() && a != gateway && !used.contains(a)) {
                return a;
            }
        }
        throw new BerthException(ErrorKind.UNAVAILABLE, "no available IPv4 addresses on this network's address pools: "
                + subnet);
    }
}
