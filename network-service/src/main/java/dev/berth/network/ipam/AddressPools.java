package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The default address pools, in order: a network created without a subnet gets the first block of the first pool
 * that overlaps neither another network nor a route of the host. The default is dockerd's (moby
 * {@code libnetwork/ipamutils}, {@code localScopeDefaultNetworks}): 172.17.0.0/16 to 172.31.0.0/16 as /16s, then
 * 192.168.0.0/16 cut into /20s.
 */
public record AddressPools(List<SubnetPool> pools) {

    /** dockerd's default local-scope pools, in {@link #parse} syntax. */
    public static final String DOCKERD_DEFAULTS = "172.17.0.0/16/16,172.18.0.0/16/16,172.19.0.0/16/16,"
            + "172.20.0.0/14/16,172.24.0.0/14/16,172.28.0.0/14/16,192.168.0.0/16/20";

    /** dockerd's message when every pool is used up (a libnetwork NotFound error: 404). */
    public static final String EXHAUSTED =
            "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network";

    public AddressPools {
        pools = List.copyOf(pools);
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("no address pool");
        }
    }

    /**
     * A comma-separated list of {@code BASE/LENGTH[/SIZE]} entries: the pool {@code BASE/LENGTH} cut into
     * {@code /SIZE} blocks; an entry without {@code /SIZE} is cut into {@code defaultSize} blocks.
     */
    public static AddressPools parse(String text, int defaultSize) {
        List<SubnetPool> pools = new ArrayList<>();
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split("/");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("address pool \"" + entry + "\" is not BASE/LENGTH[/SIZE]");
            }
            int size;
            try {
                size = parts.length == 3 ? Integer.parseInt(parts[2].trim()) : defaultSize;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address pool \"" + entry + "\": size is not a number");
            }
            pools.add(SubnetPool.parse(parts[0].trim() + "/" + parts[1].trim(), size));
        }
        return new AddressPools(pools);
    }

    /** The first free block of the first pool that has one; dockerd's 404 when none has. */
    public Cidr choose(List<Cidr> taken) {
        for (SubnetPool pool : pools) {
            var block = pool.first(taken);
            if (block.isPresent()) {
                return block.get();
            }
        }
        throw new BerthException(ErrorKind.NOT_FOUND, EXHAUSTED);
    }

    /** Every candidate subnet, in the order they are tried. */
    public List<Cidr> candidates() {
        List<Cidr> all = new ArrayList<>();
        for (SubnetPool pool : pools) {
            long step = 1L << (32 - pool.blockLength());
            for (long base = pool.start(); base + step - 1 <= pool.pool().last(); base += step) {
                all.add(new Cidr(base, pool.blockLength()));
            }
        }
        return all;
    }

    @Override
    public String toString() {
        return String.join(",", pools.stream().map(SubnetPool::toString).toList());
    }
}
