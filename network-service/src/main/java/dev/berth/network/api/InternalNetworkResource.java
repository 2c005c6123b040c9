package dev.berth.network.api;

import dev.berth.common.contract.EndpointRequest;
import dev.berth.common.contract.NetworkEndpoint;
import dev.berth.common.contract.NetworkGrant;
import dev.berth.common.errors.BerthException;
import dev.berth.network.domain.Endpoint;
import dev.berth.network.domain.Network;
import dev.berth.network.ipam.Cidr;
import dev.berth.network.ipam.Cidr6;
import dev.berth.network.ipam.Ipv6Pool;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.service.NetworkService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** What runtime-service asks while a user waits: a network's settings, an address for a container. */
@Path("/internal/networks")
@Produces(MediaType.APPLICATION_JSON)
public class InternalNetworkResource {

    @Inject
    NetworkService networks;

    @GET
    @Path("{ref}")
    public Uni<NetworkGrant> network(@PathParam("ref") String ref) {
        return networks.find(ref).map(n -> grant(n, null));
    }

    /** Allocates (or returns the existing) address of a container. */
    @POST
    @Path("{ref}/endpoints")
    @Consumes(MediaType.WILDCARD)
    public Uni<NetworkGrant> allocate(@PathParam("ref") String ref, EndpointRequest body) {
        if (body == null || !body.containerId().matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(BerthException.invalid("ContainerID must be a full container id"));
        }
        return networks.allocate(ref, body.containerId(), body.containerName(), body.aliases(), body.ipv4Address(),
                        body.ipv6Address(), body.macAddress(), body.node())
                .map(grant -> grant(grant.network(), grant.endpoint()));
    }

    /** The network's containers and the nodes they run on (the nodes that share it reach each other's over VXLAN). */
    @GET
    @Path("{ref}/endpoints")
    public Uni<List<NetworkEndpoint>> endpoints(@PathParam("ref") String ref) {
        return networks.find(ref).chain(n -> networks.endpoints(n.id)).map(eps -> eps.stream()
                .map(e -> new NetworkEndpoint(e.containerId(), e.containerName(), e.aliases(), Ipv4.format(e.address()),
                        e.mac(), e.node()))
                .toList());
    }

    @DELETE
    @Path("{ref}/endpoints/{container}")
    public Uni<Response> release(@PathParam("ref") String ref, @PathParam("container") String container) {
        return networks.release(ref, container).replaceWith(Response.noContent().build());
    }

    static NetworkGrant grant(Network n, Endpoint e) {
        boolean v6 = n.givesIpv6();
        NetworkGrant.Endpoint endpoint = e == null ? null : new NetworkGrant.Endpoint(
                NetworkView.endpointId(n.id, e.containerId()), Ipv4.format(e.address()), e.mac(), e.address6(),
                e.aliases());
        return new NetworkGrant(n.id, n.name, n.driver, n.bridge, n.subnet, n.gateway,
                n.subnet == null ? 0 : Cidr.parse(n.subnet).length(), n.internal, NetworkService.map(n.options),
                v6 ? n.subnet6 : null, v6 ? new Ipv6Pool(n.subnet6, n.gateway6, n.ipRange6).gatewayAddress() : "",
                v6 ? Cidr6.parse(n.subnet6).length() : 0, endpoint);
    }
}
