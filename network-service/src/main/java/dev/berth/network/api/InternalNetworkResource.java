package dev.berth.network.api;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What runtime-service asks while a user waits: a network's settings, an address for a container. */
@Path("/internal/networks")
@Produces(MediaType.APPLICATION_JSON)
public class InternalNetworkResource {

    @Inject
    NetworkService networks;

    @GET
    @Path("{ref}")
    public Uni<Map<String, Object>> network(@PathParam("ref") String ref) {
        return networks.find(ref).map(n -> view(n, null));
    }

    /** Allocates (or returns the existing) address of a container; body: ContainerID, ContainerName, Aliases, IPv4Address, IPv6Address, MacAddress. */
    @POST
    @Path("{ref}/endpoints")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> allocate(@PathParam("ref") String ref, JsonNode body) {
        String container = body == null ? "" : body.path("ContainerID").asText("");
        if (!container.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(BerthException.invalid("ContainerID must be a full container id"));
        }
        return networks.allocate(ref, container, body.path("ContainerName").asText(""),
                        NetworkResource.list(body.get("Aliases")), body.path("IPv4Address").asText(null),
                        body.path("IPv6Address").asText(null), body.path("MacAddress").asText(null))
                .map(grant -> view(grant.network(), grant.endpoint()));
    }

    @DELETE
    @Path("{ref}/endpoints/{container}")
    public Uni<Response> release(@PathParam("ref") String ref, @PathParam("container") String container) {
        return networks.release(ref, container).replaceWith(Response.noContent().build());
    }

    static Map<String, Object> view(Network n, Endpoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("NetworkID", n.id);
        m.put("NetworkName", n.name);
        m.put("Driver", n.driver);
        m.put("Bridge", n.bridge);
        m.put("Subnet", n.subnet);
        m.put("Gateway", n.gateway);
        m.put("IPPrefixLen", n.subnet == null ? 0 : Cidr.parse(n.subnet).length());
        m.put("Internal", n.internal);
        m.put("Options", NetworkService.map(n.options));
        boolean v6 = n.givesIpv6();
        m.put("Subnet6", v6 ? n.subnet6 : null);
        m.put("IPv6Gateway", v6 ? new Ipv6Pool(n.subnet6, n.gateway6, n.ipRange6).gatewayAddress() : "");
        m.put("GlobalIPv6PrefixLen", v6 ? Cidr6.parse(n.subnet6).length() : 0);
        if (e != null) {
            m.put("IPAddress", Ipv4.format(e.address()));
            m.put("MacAddress", e.mac());
            m.put("GlobalIPv6Address", e.address6() == null ? "" : e.address6());
            m.put("Aliases", e.aliases() == null ? List.of() : e.aliases());
            m.put("EndpointID", NetworkView.endpointId(n.id, e.containerId()));
        }
        return m;
    }
}
