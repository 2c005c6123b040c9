package dev.berth.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.contract.NetworkAttachRequest;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.net.ContainerNetworking;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** network-service's docker network connect/disconnect: node work on a container of this node. */
@Path("/internal/containers/{ref}/networks")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkConnectResource {
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerTx db;
    @Inject
    ContainerNetworking networking;
    @Inject
    NodePaths paths;

    @POST
    @Path("connect")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> connect(@PathParam("ref") String ref, NetworkAttachRequest body) {
        String network = body == null ? "" : body.network();
        JsonNode endpoint = body == null ? null : body.endpointConfig();
        return lookup.find(ref).chain(c -> {
            String mode = c.settings().networkMode();
            if (!ContainerNetworking.isBridged(mode)) {
                return Uni.createFrom().failure(BerthException.invalid(
                        "container sharing network namespace with another container or host cannot be connected to any other network"));
            }
            java.nio.file.Path bundle = paths.bundle(c.id);
            return db.blocking(() -> {
                if (c.isRunning()) {
                    networking.connectRunning(c.id, c.name, bundle, network, endpoint);
                } else {
                    networking.connectStopped(bundle, c.name, network, endpoint);
                }
                return null;
            });
        }).replaceWith(Response.ok().build());
    }

    @POST
    @Path("disconnect")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> disconnect(@PathParam("ref") String ref, NetworkAttachRequest body) {
        String network = body == null ? "" : body.network();
        return lookup.find(ref).chain(c -> db.blocking(() -> {
            networking.disconnect(c.id, paths.bundle(c.id), network);
            return null;
        })).replaceWith(Response.ok().build());
    }
}
