package dev.berth.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.json.JsonMaps;
import dev.berth.network.domain.Endpoint;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The networks part of the Docker Engine API. */
@Path("/networks")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkResource {

    @Inject
    NetworkService networks;
    @Inject
    RuntimeClient runtime;

    @GET
    public Uni<List<NetworkView>> list(@QueryParam("filters") String filters) {
        NetworkFilters f = NetworkFilters.parse(filters);
        return networks.listAll().chain(all -> networks.allEndpoints().map(eps -> all.stream()
                .filter(n -> f.matches(n, eps.containsKey(n.id)))
                .map(n -> NetworkView.of(n, eps.getOrDefault(n.id, List.of())))
                .toList()));
    }

    @GET
    @Path("{idOrName}")
    public Uni<NetworkView> inspect(@PathParam("idOrName") String idOrName) {
        return networks.find(idOrName).chain(n -> networks.endpoints(n.id).map(eps -> NetworkView.of(n, eps)));
    }

    @POST
    @Path("create")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(JsonNode body) {
        if (body == null) {
            return Uni.createFrom().failure(BerthException.invalid("network name is required"));
        }
        NetworkBodyShapes.checkCreate(body);
        IpamPools pools = IpamPools.of(body.path("IPAM").path("Config"));
        JsonNode first = pools.ipv4();
        JsonNode v6 = pools.ipv6();
        var request = new NetworkService.CreateRequest(body.path("Name").asText(""),
                body.path("Driver").asText(""), body.path("Internal").asBoolean(false),
                body.path("Attachable").asBoolean(false),
                first == null ? null : first.path("Subnet").asText(null),
                first == null ? null : first.path("Gateway").asText(null),
                first == null ? null : first.path("IPRange").asText(null),
                first == null ? null : JsonMaps.strings(first.get("AuxiliaryAddresses")),
                JsonMaps.strings(body.get("Options")), JsonMaps.strings(body.get("Labels")),
                body.path("EnableIPv6").asBoolean(false),
                v6 == null ? null : v6.path("Subnet").asText(null),
                v6 == null ? null : v6.path("Gateway").asText(null),
                v6 == null ? null : v6.path("IPRange").asText(null));
        return networks.create(request).map(n -> Response.status(201)
                .entity(Map.of("Id", n.id, "Warning", "")).build());
    }

    @DELETE
    @Path("{idOrName}")
    public Uni<Response> remove(@PathParam("idOrName") String idOrName) {
        return networks.remove(idOrName).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("prune")
    public Uni<Map<String, Object>> prune(@QueryParam("filters") String filters) {
        NetworkPruneFilters f = NetworkPruneFilters.parse(filters, java.time.Instant.now());
        return networks.prune(f::accepts).map(names -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("NetworksDeleted", names);
            return out;
        });
    }

    @POST
    @Path("{idOrName}/connect")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> connect(@PathParam("idOrName") String idOrName, JsonNode body) {
        if (body != null) {
            NetworkBodyShapes.checkConnect(body);
        }
        String container = body == null ? "" : body.path("Container").asText("");
        if (container.isEmpty()) {
            return Uni.createFrom().failure(BerthException.invalid("container is required"));
        }
        return networks.find(idOrName).chain(n -> {
            if (n.name.equals("host") || n.name.equals("none")) {
                return Uni.createFrom().failure(new BerthException(dev.berth.common.errors.ErrorKind.FORBIDDEN,
                        "container cannot be disconnected from host network or connected to host network"));
            }
            return runtime.connect(container, n.id, body.path("EndpointConfig"));
        }).replaceWith(Response.ok().build());
    }

    @POST
    @Path("{idOrName}/disconnect")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> disconnect(@PathParam("idOrName") String idOrName, JsonNode body) {
        if (body != null) {
            NetworkBodyShapes.checkDisconnect(body);
        }
        String container = body == null ? "" : body.path("Container").asText("");
        if (container.isEmpty()) {
            return Uni.createFrom().failure(BerthException.invalid("container is required"));
        }
        boolean force = body.path("Force").asBoolean(false);
        return networks.find(idOrName).chain(n -> runtime.disconnect(container, n.id, force)
                .onFailure(BerthException.class).recoverWithUni(failure -> {
                    // forced: the container is gone, give its address back anyway
                    if (force && ((BerthException) failure).kind() == dev.berth.common.errors.ErrorKind.NOT_FOUND) {
                        return networks.endpoints(n.id).chain(eps -> {
                            for (Endpoint e : eps) {
                                if (e.containerId().startsWith(container) || e.containerName().equals(container)) {
                                    return networks.release(n.id, e.containerId()).replaceWithVoid();
                                }
                            }
                            return Uni.createFrom().failure(failure);
                        });
                    }
                    return Uni.createFrom().failure(failure);
                })).replaceWith(Response.ok().build());
    }


    static List<String> list(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> out.add(v.asText()));
        }
        return out;
    }
}
