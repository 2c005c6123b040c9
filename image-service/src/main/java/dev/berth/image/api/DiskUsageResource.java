package dev.berth.image.api;

import dev.berth.common.contract.DiskUsagePart;
import dev.berth.common.digest.ChainIds;
import dev.berth.image.domain.ContainerImage;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageLayer;
import dev.berth.image.domain.ImageRepoDigest;
import dev.berth.image.domain.ImageTag;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
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

/**
 * The images part of {@code docker system df} for the gateway: {@code GET /internal/df} →
 * {@code {"LayersSize":N,"Images":[ImageSummary…]}}, with {@code Containers} (containers using the image) and
 * {@code SharedSize} (layers, by ChainID, that another image uses too) computed as dockerd does.
 */
@Path("/internal/df")
public class DiskUsageResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<DiskUsagePart> df() {
        return Image.<Image>listAll().chain(images -> ImageLayer.<ImageLayer>listAll()
                .chain(layers -> ImageTag.<ImageTag>listAll()
                        .chain(tags -> ImageRepoDigest.<ImageRepoDigest>listAll()
                                .chain(digests -> ContainerImage.<ContainerImage>listAll()
                                        .map(users -> usage(images, layers, tags, digests, users))))));
    }

    static DiskUsagePart usage(List<Image> images, List<ImageLayer> layers, List<ImageTag> tags,
            List<ImageRepoDigest> digests, List<ContainerImage> users) {
        Map<String, List<ImageLayer>> layersOf = new HashMap<>();
        layers.stream().sorted(Comparator.comparingInt(l -> l.position))
                .forEach(l -> layersOf.computeIfAbsent(l.imageId, k -> new ArrayList<>()).add(l));
        Map<String, List<String>> chainsOf = new HashMap<>();
        Map<String, Integer> refs = new HashMap<>();
        Map<String, Long> chainSize = new HashMap<>();
        for (Image image : images) {
            List<ImageLayer> imageLayers = layersOf.getOrDefault(image.id, List.of());
            List<String> chains = ChainIds.of(imageLayers.stream().map(l -> l.diffId).toList());
            for (int i = 0; i < chains.size(); i++) {
                refs.merge(chains.get(i), 1, Integer::sum);
                chainSize.put(chains.get(i), imageLayers.get(i).diffSize);
            }
            chainsOf.put(image.id, chains);
        }
        Map<String, List<Reference>> tagsOf = new HashMap<>();
        tags.stream().sorted(Comparator.comparing((ImageTag t) -> t.taggedAt).thenComparing(t -> t.reference))
                .forEach(t -> tagsOf.computeIfAbsent(t.imageId, k -> new ArrayList<>())
                        .add(ReferenceParser.parse(t.reference)));
        Map<String, List<String>> digestsOf = new HashMap<>();
        digests.stream().sorted(Comparator.comparing((ImageRepoDigest d) -> d.pulledAt))
                .forEach(d -> digestsOf.computeIfAbsent(d.imageId, k -> new ArrayList<>())
                        .add(Reference.familiarName(d.name) + "@" + d.digest));
        Map<String, Long> containers = new HashMap<>();
        users.forEach(u -> containers.merge(u.imageId, 1L, Long::sum));
        List<ImageSummary> out = new ArrayList<>();
        for (Image image : images) {
            long shared = 0;
            for (String chain : chainsOf.get(image.id)) {
                if (refs.get(chain) > 1) {
                    shared += chainSize.get(chain);
                }
            }
            ImageSummary s = ImageViews.summary(image, tagsOf.getOrDefault(image.id, List.of()),
                    digestsOf.getOrDefault(image.id, List.of()));
            out.add(new ImageSummary(s.id(), s.parentId(), s.repoTags(), s.repoDigests(), s.created(), s.size(),
                    shared, s.labels(), containers.getOrDefault(image.id, 0L)));
        }
        out.sort(Comparator.comparingLong(ImageSummary::created).reversed().thenComparing(ImageSummary::id));
        long layersSize = chainSize.values().stream().mapToLong(Long::longValue).sum();
        return DiskUsagePart.images(layersSize, out);
    }
}
