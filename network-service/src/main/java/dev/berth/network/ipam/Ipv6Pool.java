package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Set;

/**
 * A network's IPv6 pool: subnet, gateway and range as given (dockerd shows them so; a gateway not given is the
 * subnet's first address and is not shown), and the addresses it gives containers, the requested one or else the
 * lowest free one of the range, as libnetwork's default IPAM does.
 */
public record Ipv6Pool(String subnet, String gateway, String ipRange) {

    /** A requested pool, checked against the pools of the other networks. */
    public static Ipv6Pool of(String subnet, String gateway, String ipRange, Collection<Cidr6> others) {
        Cidr6 net = Cidr6.parse(subnet);
        if (others.stream().anyMatch(net::overlaps)) {
            throw new BerthException(ErrorKind.FORBIDDEN, "Pool overlaps with other one on this address space");
        }
        String gw = blank(gateway) ? null : gateway.strip();
        if (gw != null && !net.contains(Ipv6.parse(gw))) {
            throw new BerthException(ErrorKind.FORBIDDEN, "no matching subnet for gateway " + gw);
        }
        String range = blank(ipRange) ? null : ipRange.strip();
        if (range != null && !net.contains(Cidr6.parse(range))) {
            throw new BerthException(ErrorKind.FORBIDDEN, "no matching subnet for range " + range);
        }
        return new Ipv6Pool(subnet.strip(), gw, range);
    }

    public Cidr6 cidr() {
        return Cidr6.parse(subnet);
    }

    /** The gateway address: the given one, else the subnet's first address. */
    public String gatewayAddress() {
        return gateway != null ? Ipv6.canonical(gateway) : Ipv6.format(cidr().base().add(BigInteger.ONE));
    }

    /** A container's address (canonical form): the requested one if it is free, else the lowest free one. */
    public String pick(Set<String> used, String requested) {
        Cidr6 net = cidr();
        BigInteger gw = Ipv6.parse(gatewayAddress());
        if (!blank(requested)) {
            BigInteger want = Ipv6.parse(requested);
            if (!net.contains(want)) {
                throw BerthException.invalid("no configured subnet or ip-range contain the IP address " + requested);
            }
            String text = Ipv6.format(want);
            if (want.equals(net.base()) || want.equals(gw) || used.contains(text)) {
                throw new BerthException(ErrorKind.FORBIDDEN, "Address already in use");
            }
            return text;
        }
        Cidr6 from = ipRange == null ? net : Cidr6.parse(ipRange);
        // a linear walk from the range's start: the first free address is close to it unless the range is full
        BigInteger a = from.base();
        for (int tries = 0; tries <= used.size() + 2 && a.compareTo(from.last()) <= 0; tries++, a = a.add(BigInteger.ONE)) {
            if (!a.equals(net.base()) && !a.equals(gw) && !used.contains(Ipv6.format(a))) {
                return Ipv6.format(a);
            }
        }
        throw new BerthException(ErrorKind.UNAVAILABLE, "no available IPv6 addresses on this network's address pools: "
                + subnet);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
