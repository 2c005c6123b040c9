package dev.berth.volume.api;

import dev.berth.common.errors.BerthException;
import dev.berth.volume.domain.Volume;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The volumes part of the Docker Engine API (create, rm and prune arrive with the volume issue). */
@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {

    @GET
    @WithSession
    public Uni<VolumeList> list() {
        return Volume.<Volume>listAll().map(all -> new VolumeList(all.stream().map(VolumeView::of).toList(), List.of()));
    }

    @GET
    @Path("{name}")
    @WithSession
    public Uni<VolumeView> inspect(@PathParam("name") String name) {
        return Volume.<Volume>findById(name)
                .onItem().ifNull().failWith(() -> BerthException.notFound("get " + name + ": no such volume"))
                .map(VolumeView::of);
    }
}
