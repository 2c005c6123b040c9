package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;
import java.math.BigInteger;

/** An IPv6 prefix, addresses as unsigned 128-bit values. */
public record Cidr6(BigInteger base, int length) {
    private static final BigInteger ALL = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    public Cidr6 {
        if (length < 0 || length > 128) {
            throw BerthException.invalid("invalid prefix length " + length);
        }
        base = base.and(ALL.xor(BigInteger.ONE.shiftLeft(128 - length).subtract(BigInteger.ONE)));
    }

    public static Cidr6 parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw BerthException.invalid("invalid CIDR address: " + text);
        }
        try {
            return new Cidr6(Ipv6.parse(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid CIDR address: " + text);
        }
    }

    public BigInteger last() {
        return base.add(BigInteger.ONE.shiftLeft(128 - length)).subtract(BigInteger.ONE);
    }

    public boolean contains(BigInteger address) {
        return address.compareTo(base) >= 0 && address.compareTo(last()) <= 0;
    }

    public boolean contains(Cidr6 other) {
        return contains(other.base) && contains(other.last());
    }

    public boolean overlaps(Cidr6 other) {
        return base.compareTo(other.last()) <= 0 && other.base.compareTo(last()) <= 0;
    }

    @Override
    public String toString() {
        return Ipv6.format(base) + "/" + length;
    }
}
