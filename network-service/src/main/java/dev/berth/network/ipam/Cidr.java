package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;

/** An IPv4 prefix, addresses as unsigned 32-bit values in a long. */
public record Cidr(long base, int length) {

    public Cidr {
        if (length < 0 || length > 32) {
            throw BerthException.invalid("invalid prefix length " + length);
        }
        base = base & mask(length);
    }

    public static Cidr parse(String text) {
        if (text == null || !text.contains("/")) {
            throw BerthException.invalid("invalid CIDR address: " + text);
        }
        int slash = text.indexOf('/');
        try {
            return new Cidr(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid CIDR address: " + text);
        }
    }

    static long mask(int length) {
        return length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
    }

    public long size() {
        return 1L << (32 - length);
    }

    public long last() {
        return base + size() - 1;
    }

    public boolean contains(long address) {
        return address >= base && address <= last();
    }

    public boolean contains(Cidr other) {
        return contains(other.base) && contains(other.last());
    }

    public boolean overlaps(Cidr other) {
        return base <= other.last() && other.base <= last();
    }

    @Override
    public String toString() {
        return Ipv4.format(base) + "/" + length;
    }
}
