package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.List;

/**
 * The address pool user networks (and an unconfigured default bridge) get their subnets from: the pool is cut into
 * blocks of one size; the first block that overlaps neither another network nor a route of the host is taken.
 */
public record SubnetPool(long start, Cidr pool, int blockLength) {

    public SubnetPool {
        if (blockLength < pool.length() || blockLength > 30) {
            throw new IllegalArgumentException("block /" + blockLength + " does not fit pool " + pool);
        }
    }

    /** {@code 172.17.0.0/12}: blocks from 172.17.0.0 to the end of 172.16.0.0/12 (Docker's default pool). */
    public static SubnetPool parse(String pool, int blockLength) {
        Cidr cidr = Cidr.parse(pool);
        long start = Ipv4.parse(pool.substring(0, pool.indexOf('/')));
        return new SubnetPool(new Cidr(start, blockLength).base(), cidr, blockLength);
    }

    public Cidr choose(List<Cidr> taken) {
        long step = 1L << (32 - blockLength);
        for (long base = start; base + step - 1 <= pool.last(); base += step) {
            Cidr candidate = new Cidr(base, blockLength);
            if (taken.stream().noneMatch(candidate::overlaps)) {
                return candidate;
            }
        }
        throw new BerthException(ErrorKind.FORBIDDEN,
                "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
    }
}
