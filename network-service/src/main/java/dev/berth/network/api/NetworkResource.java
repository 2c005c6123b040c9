package dev.berth.network.api;

import dev.berth.common.errors.BerthException;
import dev.berth.network.domain.Network;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The networks part of the Docker Engine API (create, connect and IPAM arrive with the networking issue). */
@Path("/networks")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkResource {

    @GET
    @WithSession
    public Uni<List<NetworkView>> list() {
        return Network.<Network>listAll().map(all -> all.stream().map(NetworkView::of).toList());
    }

    @GET
    @Path("{idOrName}")
    @WithSession
    public Uni<NetworkView> inspect(@PathParam("idOrName") String idOrName) {
        return Network.<Network>find("name = ?1 or id = ?1", idOrName).firstResult()
                .chain(found -> found != null ? Uni.createFrom().item(found)
                        : Network.<Network>find("id like ?1", idOrName + "%").list()
                                .map(list -> list.size() == 1 ? list.get(0) : null))
                .onItem().ifNull().failWith(() -> BerthException.notFound("network " + idOrName + " not found"))
                .map(NetworkView::of);
    }
}
