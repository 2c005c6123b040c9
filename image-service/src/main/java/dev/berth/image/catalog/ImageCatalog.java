package dev.berth.image.catalog;

import dev.berth.common.errors.BerthException;
import dev.berth.image.domain.ContainerImage;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageLayer;
import dev.berth.image.domain.ImageTag;
import dev.berth.image.events.ImageEvents;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The image rows. Every method runs inside the caller's Panache session or transaction, on the event loop. */
@ApplicationScoped
public class ImageCatalog {

    /** Resolves a name like {@code docker image inspect}; 404 {@code No such image: ...} when nothing matches. */
    public Uni<ResolvedImage> resolve(String name) {
        ImageLookup lookup = ImageLookup.of(name);
        if (lookup.fullId() != null) {
            return Image.<Image>findById(lookup.fullId())
                    .onItem().ifNull().failWith(() -> BerthException.notFound(lookup.notFoundMessage()))
                    .map(image -> new ResolvedImage(image, null));
        }
        Uni<ResolvedImage> byTag = lookup.reference() == null
                ? Uni.createFrom().nullItem()
                : ImageTag.<ImageTag>findById(lookup.reference().full()).chain(tag -> tag == null
                        ? Uni.createFrom().<ResolvedImage>nullItem()
                        : Image.<Image>findById(tag.imageId).map(image -> new ResolvedImage(image, lookup.reference())));
        return byTag.chain(found -> {
            if (found != null || lookup.idPrefix() == null) {
                return Uni.createFrom().item(found);
            }
            return Panache.getSession()
                    .chain(s -> s.createQuery("select i.id from Image i where i.id like :p", String.class)
                            .setParameter("p", "sha256:" + lookup.idPrefix() + "%")
                            .getResultList())
                    .chain(ids -> ShortIdResolver.resolve(lookup.idPrefix(), ids)
                            .map(id -> Image.<Image>findById(id).map(image -> new ResolvedImage(image, null)))
                            .orElse(Uni.createFrom().nullItem()));
        }).onItem().ifNull().failWith(() -> BerthException.notFound(lookup.notFoundMessage()));
    }

    public Uni<List<ImageLayer>> layersOf(String imageId) {
        return ImageLayer.list("imageId", Sort.by("position"), imageId);
    }

    public Uni<List<Reference>> tagsOf(String imageId) {
        return ImageTag.<ImageTag>list("imageId", Sort.by("taggedAt").and("reference"), imageId)
                .map(tags -> tags.stream().map(t -> ReferenceParser.parse(t.reference)).toList());
    }

    public Uni<List<ImageUser>> usersOf(String imageId) {
        return ContainerImage.<ContainerImage>list("imageId", Sort.by("containerId"), imageId)
                .map(all -> all.stream().map(c -> new ImageUser(c.containerId, c.running)).toList());
    }

    /**
     * Records a staged image (if new) and points its tags at it, appending {@code action} and {@code tag} events.
     * Returns Docker's notes about tags moved away from another image.
     */
    public Uni<List<String>> record(StagedImage staged, String action) {
        return Image.<Image>findById(staged.id())
                .chain(existing -> existing != null ? Uni.createFrom().item(existing) : insert(staged))
                .chain(image -> Sequential.map(staged.tags(), ref -> pointTag(image, ref)))
                .chain(notes -> {
                    String name = staged.tags().isEmpty() ? staged.id() : staged.tags().get(0).familiar();
                    return ImageEvents.append(action, staged.id(), name)
                            .map(v -> notes.stream().filter(n -> n != null).toList());
                });
    }

    private Uni<Image> insert(StagedImage staged) {
        Image image = new Image();
        image.id = staged.id();
        image.config = staged.config().bytes();
        image.created = staged.config().created() == null ? null
                : staged.config().created().atOffset(ZoneOffset.UTC);
        image.size = staged.size();
        image.architecture = staged.config().architecture();
        image.os = staged.config().os();
        image.loadedAt = OffsetDateTime.now(ZoneOffset.UTC);
        List<ImageLayer> layers = new ArrayList<>();
        for (int i = 0; i < staged.layers().size(); i++) {
            StagedLayer l = staged.layers().get(i);
            ImageLayer row = new ImageLayer();
            row.imageId = image.id;
            row.position = i;
            row.diffId = l.diffId();
            row.blobDigest = l.digest();
            row.blobSize = l.size();
            row.diffSize = l.diffSize();
            row.mediaType = l.mediaType();
            layers.add(row);
        }
        return image.<Image>persist()
                .chain(() -> Sequential.each(layers, row -> row.persist()))
                .chain(() -> Panache.getSession().chain(s -> s.flush()))
                .replaceWith(image);
    }

    /** Points {@code ref} at the image; returns Docker's rename note when the tag moved from another image. */
    public Uni<String> pointTag(Image image, Reference ref) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return ImageTag.<ImageTag>findById(ref.full()).chain(tag -> {
            image.lastTagTime = now;
            if (tag != null && tag.imageId.equals(image.id)) {
                return Uni.createFrom().nullItem();
            }
            String note = tag == null ? null
                    : "The image " + ref.familiar() + " already exists, renaming the old one with ID " + tag.imageId
                            + " to empty string";
            Uni<Void> write;
            if (tag == null) {
                ImageTag created = new ImageTag();
                created.reference = ref.full();
                created.imageId = image.id;
                created.taggedAt = now;
                write = created.persist().replaceWithVoid();
            } else {
                tag.imageId = image.id;
                tag.taggedAt = now;
                write = Uni.createFrom().voidItem();
            }
            return write.chain(() -> ImageEvents.append("tag", image.id, ref.familiar())).replaceWith(note);
        });
    }

    /** Applies a delete plan; returns Docker's response items. */
    public Uni<List<DeleteItem>> apply(Image image, DeletePlan plan) {
        List<DeleteItem> items = new ArrayList<>();
        return Sequential.each(plan.untag(), ref -> ImageTag.delete("reference", ref.full())
                        .chain(() -> ImageEvents.append("untag", image.id, ref.familiar()))
                        .invoke(() -> items.add(DeleteItem.untagged(ref.familiar()))))
                .chain(() -> {
                    if (!plan.delete()) {
                        return Uni.createFrom().voidItem();
                    }
                    return ImageLayer.delete("imageId", image.id)
                            .chain(() -> ImageTag.delete("imageId", image.id))
                            .chain(() -> Image.delete("id", image.id))
                            .chain(() -> ImageEvents.append("delete", image.id, image.id))
                            .invoke(() -> items.add(DeleteItem.deleted(image.id)));
                })
                .replaceWith(items);
    }

    /** Every blob some image still needs: configs and layers. */
    public Uni<Set<String>> reachableBlobs() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select id from image union select blob_digest from image_layer", String.class)
                .getResultList())
                .map(HashSet::new);
    }
}
