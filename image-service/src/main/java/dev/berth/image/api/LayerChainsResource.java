package dev.berth.image.api;

import dev.berth.common.contract.LayerChains;
import dev.berth.common.digest.ChainIds;
import dev.berth.image.domain.ImageLayer;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * For runtime nodes (never routed by the gateway): {@code GET /internal/layer-chains}, the chain id of every layer
 * some image needs ({@link LayerChains}); a node deletes the unpacked layers that are neither among them nor used by
 * one of its containers.
 */
@Path("/internal/layer-chains")
public class LayerChainsResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<LayerChains> chains() {
        return ImageLayer.<ImageLayer>listAll().map(LayerChainsResource::chains);
    }

    static LayerChains chains(List<ImageLayer> layers) {
        Map<String, List<ImageLayer>> byImage = new HashMap<>();
        layers.forEach(l -> byImage.computeIfAbsent(l.imageId, k -> new ArrayList<>()).add(l));
        TreeSet<String> chains = new TreeSet<>();
        for (List<ImageLayer> image : byImage.values()) {
            image.sort(Comparator.comparingInt(l -> l.position));
            chains.addAll(ChainIds.of(image.stream().map(l -> l.diffId).toList()));
        }
        return new LayerChains(List.copyOf(chains));
    }
}
