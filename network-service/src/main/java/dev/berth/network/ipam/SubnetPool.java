package dev.berth.network.ipam;

import java.util.List;
import java.util.Optional;

/**
 * One address pool networks get their subnets from: the pool is cut into blocks of one size, starting at
 * {@code start}; the first block that overlaps neither another network nor a route of the host is taken. dockerd's
 * {@code NetworkToSplit} ({@code base}, {@code size}).
 */
public record SubnetPool(long start, Cidr pool, int blockLength) {

    public SubnetPool {
        if (blockLength < pool.length() || blockLength > 30) {
            throw new IllegalArgumentException("block /" + blockLength + " does not fit pool " + pool);
        }
    }

    /**
     * {@code 172.17.0.0/12} with 16: /16 blocks from 172.17.0.0 to the end of 172.16.0.0/12 (the address given, not
     * the prefix's base, is where the blocks start).
     */
    public static SubnetPool parse(String pool, int blockLength) {
        Cidr cidr = Cidr.parse(pool);
        long start = Ipv4.parse(pool.substring(0, pool.indexOf('/')));
        return new SubnetPool(new Cidr(start, blockLength).base(), cidr, blockLength);
    }

    /** The first block overlapping nothing taken, if any. */
    public Optional<Cidr> first(List<Cidr> taken) {
        long step = 1L << (32 - blockLength);
        for (long base = start; base + step - 1 <= pool.last(); base += step) {
            Cidr candidate = new Cidr(base, blockLength);
            if (taken.stream().noneMatch(candidate::overlaps)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return Ipv4.format(start) + "/" + pool.length() + "/" + blockLength;
    }
}
