package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a new network's subnet is checked against: the subnets of existing networks and the host's routes, which it
 * must not overlap, and the routes of bridges whose network is gone but whose node has not taken them down yet
 * (berth's own bridge names, {@code <prefix>-…}, that no network row holds), which it avoids while another subnet
 * is free. dockerd removes a bridge before {@code network rm} answers; berth's node removes it when it reads the
 * network's {@code destroy} event, so under churn a lingering bridge must not make the pools look exhausted, and a
 * node that gets the subnet again removes the stale bridge first ({@code HostNetwork.ensureBridge}).
 */
public record TakenSubnets(List<Cidr> networks, List<Cidr> hostRoutes, List<Cidr> lingering) {

    public TakenSubnets {
        networks = List.copyOf(networks);
        hostRoutes = List.copyOf(hostRoutes);
        lingering = List.copyOf(lingering);
    }

    /**
     * Sorts the host's routes: those of {@code ownBridges} (bridges of existing networks) are already counted as
     * networks, those of other devices named {@code bridgePrefix…} are lingering, the rest are the host's.
     */
    public static TakenSubnets of(List<Cidr> networks, List<HostRoutes.Route> routes, Set<String> ownBridges,
            String bridgePrefix) {
        List<Cidr> host = new ArrayList<>();
        List<Cidr> lingering = new ArrayList<>();
        for (HostRoutes.Route r : routes) {
            if (ownBridges.contains(r.device())) {
                continue;
            }
            (r.device().startsWith(bridgePrefix) ? lingering : host).add(r.destination());
        }
        return new TakenSubnets(networks, host, lingering);
    }

    /** Subnets a new network must not overlap. */
    public List<Cidr> forbidden() {
        List<Cidr> all = new ArrayList<>(networks);
        all.addAll(hostRoutes);
        return all;
    }

    /** The first free block of the pools, one that no lingering bridge holds if there is such a block. */
    public Cidr choose(AddressPools pools) {
        List<Cidr> avoided = forbidden();
        avoided.addAll(lingering);
        try {
            return pools.choose(avoided);
        } catch (BerthException exhausted) {
            if (exhausted.kind() != ErrorKind.NOT_FOUND || lingering.isEmpty()) {
                throw exhausted;
            }
            return pools.choose(forbidden());
        }
    }
}
