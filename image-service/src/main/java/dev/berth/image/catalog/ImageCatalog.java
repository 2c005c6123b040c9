package dev.berth.image.catalog;

import dev.berth.common.errors.BerthException;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.domain.ContainerImage;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageLayer;
import dev.berth.image.domain.ImageRepoDigest;
import dev.berth.image.domain.ImageTag;
import dev.berth.image.events.ImageEvents;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.hibernate.reactive.mutiny.Mutiny;

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
                : lookup.reference().digest() != null
                ? ImageRepoDigest.<ImageRepoDigest>findById(
                                repoDigestKey(lookup.reference().name(), lookup.reference().digest()))
                        .chain(rd -> rd == null ? Uni.createFrom().<ResolvedImage>nullItem()
                                : Image.<Image>findById(rd.imageId).map(image -> image == null ? null
                                        : new ResolvedImage(image, lookup.reference())))
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
     * Records a staged image (if new) and points its tags at it, appending {@code action} (unless null, as for a
     * commit, whose event is the container's) and {@code tag} events.
     * Returns Docker's notes about tags moved away from another image. Safe against a concurrent record of the same
     * image or tag (insert ... on conflict).
     */
    public Uni<List<String>> record(StagedImage staged, String action) {
        return insert(staged)
                .chain(() -> Sequential.map(staged.tags(), ref -> pointTag(staged.id(), ref)))
                .chain(notes -> {
                    if (action == null) {
                        return Uni.createFrom().item(notes.stream().filter(n -> n != null).toList());
                    }
                    String name = staged.tags().isEmpty() ? staged.id() : staged.tags().get(0).familiar();
                    return ImageEvents.append(action, staged.id(), name)
                            .map(v -> notes.stream().filter(n -> n != null).toList());
                });
    }

    /**
     * Records that {@code imageId} was committed from {@code parentId}, as dockerd's {@code SetParent} after a commit
     * (also when the image already existed); the config, and so the id, does not change. A parent removed
     * meanwhile leaves none.
     */
    public Uni<Void> recordParent(String imageId, String parentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update image set parent ="
                        + " (select p.id from image p where p.id = :parent) where id = :id")
                .setParameter("parent", parentId)
                .setParameter("id", imageId)
                .executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> insert(StagedImage staged) {
        ImageConfig config = staged.config();
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into image"
                        + " (id, config, created, size, architecture, os, loaded_at) values"
                        + " (:id, :config, :created, :size, :arch, :os, now()) on conflict (id) do nothing")
                .setParameter("id", staged.id())
                .setParameter("config", config.bytes())
                .setParameter("created", config.created() == null ? null : config.created().atOffset(ZoneOffset.UTC))
                .setParameter("size", staged.size())
                .setParameter("arch", config.architecture())
                .setParameter("os", config.os())
                .executeUpdate()
                .chain(inserted -> inserted == 0 ? Uni.createFrom().voidItem() : insertLayers(s, staged)));
    }

    private static Uni<Void> insertLayers(Mutiny.Session s, StagedImage staged) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < staged.layers().size(); i++) {
            positions.add(i);
        }
        return Sequential.each(positions, i -> {
            StagedLayer l = staged.layers().get(i);
            return s.createNativeQuery("insert into image_layer"
                            + " (image_id, position, diff_id, blob_digest, blob_size, diff_size, media_type) values"
                            + " (:image, :pos, :diff, :digest, :size, :diffSize, :media) on conflict do nothing")
                    .setParameter("image", staged.id())
                    .setParameter("pos", i)
                    .setParameter("diff", l.diffId())
                    .setParameter("digest", l.digest())
                    .setParameter("size", l.size())
                    .setParameter("diffSize", l.diffSize())
                    .setParameter("media", l.mediaType())
                    .executeUpdate();
        });
    }

    /**
     * Records a pulled image: the image (if new), the tag (for a pull by tag), the repo digest
     * {@code name@manifestDigest}, and a {@code pull} event named after the reference.
     */
    public Uni<List<String>> recordPull(StagedImage staged, Reference ref, String manifestDigest) {
        Uni<String> tagged = ref.tag() != null && ref.digest() == null
                ? pointTag(staged.id(), ref) : Uni.createFrom().nullItem();
        return insert(staged)
                .chain(() -> tagged)
                .chain(note -> Panache.getSession().chain(s -> s.createNativeQuery("insert into image_repo_digest"
                                + " (name, digest, image_id, pulled_at) values (:name, :digest, :id, now())"
                                + " on conflict (name, digest) do update set image_id = excluded.image_id,"
                                + " pulled_at = excluded.pulled_at")
                        .setParameter("name", ref.name())
                        .setParameter("digest", manifestDigest)
                        .setParameter("id", staged.id())
                        .executeUpdate())
                        .chain(() -> ImageEvents.append("pull", staged.id(), ref.familiar()))
                        .map(v -> note == null ? List.<String>of() : List.of(note)));
    }

    /**
     * The image id {@code ref} already names with this manifest digest (the tag points at the image recorded for
     * {@code name@manifestDigest}), or null when the pull has work to do.
     */
    public Uni<String> upToDate(Reference ref, String manifestDigest) {
        return ImageRepoDigest.<ImageRepoDigest>findById(repoDigestKey(ref.name(), manifestDigest)).chain(rd -> {
            if (rd == null) {
                return Uni.createFrom().nullItem();
            }
            if (ref.tag() == null || ref.digest() != null) {
                return Uni.createFrom().item(rd.imageId);
            }
            return ImageTag.<ImageTag>findById(ref.full())
                    .map(tag -> tag != null && tag.imageId.equals(rd.imageId) ? rd.imageId : null);
        });
    }

    /** Every tag of a repository ({@code docker push -a}), by tag. */
    public Uni<List<Reference>> tagsOfRepository(String name) {
        return ImageTag.<ImageTag>list("reference like ?1", Sort.by("reference"), name.replace("%", "") + ":%")
                .map(tags -> tags.stream().map(t -> ReferenceParser.parse(t.reference))
                        .filter(r -> r.name().equals(name)).toList());
    }

    /** Records {@code name@digest} as a repo digest of the image (after a push). */
    public Uni<Void> recordRepoDigest(String name, String digest, String imageId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into image_repo_digest"
                        + " (name, digest, image_id, pulled_at) values (:name, :digest, :id, now())"
                        + " on conflict (name, digest) do update set image_id = excluded.image_id")
                .setParameter("name", name)
                .setParameter("digest", digest)
                .setParameter("id", imageId)
                .executeUpdate()).replaceWithVoid();
    }

    private static ImageRepoDigest.Key repoDigestKey(String name, String digest) {
        ImageRepoDigest.Key key = new ImageRepoDigest.Key();
        key.name = name;
        key.digest = digest;
        return key;
    }

    /**
     * {@code docker rmi name@sha256:...}: removes that repo digest; the image itself goes too when nothing else names
     * it (dockerd's rules for the last reference, containers permitting).
     */
    public Uni<List<DeleteItem>> removeRepoDigest(Image image, Reference ref, boolean force) {
        List<DeleteItem> items = new ArrayList<>();
        return ImageRepoDigest.delete("name = ?1 and digest = ?2", ref.name(), ref.digest())
                .chain(() -> ImageEvents.append("untag", image.id, ref.familiar()))
                .invoke(() -> items.add(DeleteItem.untagged(ref.familiar())))
                .chain(() -> tagsOf(image.id))
                .chain(tags -> ImageRepoDigest.count("imageId", image.id).chain(digests -> {
                    if (!tags.isEmpty() || digests > 0) {
                        return Uni.createFrom().item(items);
                    }
                    return usersOf(image.id).chain(users -> {
                        if (users.stream().anyMatch(ImageUser::running) || (!users.isEmpty() && !force)) {
                            return Uni.createFrom().item(items);
                        }
                        return apply(image, new DeletePlan(List.of(), true)).map(more -> {
                            items.addAll(more);
                            return items;
                        });
                    });
                }));
    }

    /** Known layers by blob digest (any image), to skip downloading blobs berth already has. */
    public Uni<List<ImageLayer>> layersByBlob(List<String> digests) {
        if (digests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return ImageLayer.list("blobDigest in ?1", digests);
    }

    /** RepoDigests ({@code name@digest}, familiar name) of an image, oldest first. */
    public Uni<List<String>> repoDigestsOf(String imageId) {
        return ImageRepoDigest.<ImageRepoDigest>list("imageId", Sort.by("pulledAt").and("name"), imageId)
                .map(all -> all.stream().map(r -> Reference.familiarName(r.name) + "@" + r.digest).toList());
    }

    /** Points {@code ref} at the image; returns Docker's rename note when the tag moved from another image. */
    public Uni<String> pointTag(String imageId, Reference ref) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select image_id from image_tag where reference = :ref for update", String.class)
                .setParameter("ref", ref.full())
                .getResultList()
                .chain(previous -> {
                    String old = previous.isEmpty() ? null : previous.get(0);
                    Uni<Integer> touch = s.createNativeQuery("update image set last_tag_time = now() where id = :id")
                            .setParameter("id", imageId).executeUpdate();
                    Uni<Integer> present = touch.invoke(rows -> {
                        if (rows == 0) { // removed by an rmi that held the image row first
                            throw BerthException.notFound("No such image: " + imageId);
                        }
                    });
                    if (imageId.equals(old)) {
                        return present.replaceWith((String) null);
                    }
                    return present.chain(() -> s.createNativeQuery("insert into image_tag (reference, image_id, tagged_at)"
                                    + " values (:ref, :id, now()) on conflict (reference)"
                                    + " do update set image_id = excluded.image_id, tagged_at = excluded.tagged_at")
                                    .setParameter("ref", ref.full())
                                    .setParameter("id", imageId)
                                    .executeUpdate())
                            .chain(() -> ImageEvents.append("tag", imageId, ref.familiar()))
                            .replaceWith(old == null ? null : "The image " + ref.familiar()
                                    + " already exists, renaming the old one with ID " + old + " to empty string");
                }));
    }

    /** Applies a delete plan; returns Docker's response items. */
    public Uni<List<DeleteItem>> apply(Image image, DeletePlan plan) {
        List<DeleteItem> items = new ArrayList<>();
        return Sequential.each(plan.untag(), ref -> ImageTag.delete("reference", ref.full())
                        .chain(() -> ImageEvents.append("untag", image.id, ref.familiar()))
                        .invoke(() -> items.add(DeleteItem.untagged(ref.familiar()))))
                .chain(() -> plan.delete() ? tagsLeftLocked(image.id) : Uni.createFrom().item(1L))
                .chain(left -> {
                    if (left > 0) {
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

    /** Whether other images name this one as their parent (dockerd's dependent child images). */
    public Uni<Boolean> hasChildren(String imageId) {
        return Image.count("parent", imageId).map(n -> n > 0);
    }

    /**
     * After {@code docker rmi} deleted an image: its parent goes too when nothing holds it (no tag or digest, no
     * other child, no container), then that one's parent, as dockerd prunes untagged parents unless
     * {@code noprune}, and as {@code docker image prune} does after each image it deletes. Appends what it deleted to
     * {@code items} and hands each deleted image's size to {@code reclaimed}.
     */
    public Uni<List<DeleteItem>> pruneParents(String parentId, List<DeleteItem> items, LongConsumer reclaimed) {
        if (parentId == null || parentId.isEmpty()) {
            return Uni.createFrom().item(items);
        }
        return Image.count("id", parentId).chain(left -> left == 0 ? Uni.createFrom().<Image>nullItem()
                        : Image.<Image>findById(parentId))
                .chain(parent -> parent == null ? Uni.createFrom().item(items) : held(parentId).chain(held -> held ? Uni.createFrom().item(items)
                        : apply(parent, new DeletePlan(List.of(), true)).chain(deleted -> {
                            items.addAll(deleted);
                            reclaimed.accept(parent.size);
                            return pruneParents(parent.parent, items, reclaimed);
                        })));
    }

    private Uni<Boolean> held(String imageId) {
        return ImageTag.count("imageId", imageId)
                .chain(tags -> tags > 0 ? Uni.createFrom().item(true)
                        : ImageRepoDigest.count("imageId", imageId).map(digests -> digests > 0))
                .chain(held -> held ? Uni.createFrom().item(true) : hasChildren(imageId))
                .chain(held -> held ? Uni.createFrom().item(true)
                        : ContainerImage.count("imageId", imageId).map(users -> users > 0));
    }

    /**
     * Tags the image still has once a plan's untags are done, with the image row locked until the transaction ends:
     * every plan untags all the tags it saw, so a tag left was added by a pull or tag that committed meanwhile, and
     * the image stays. One that comes later waits for the lock ({@link #pointTag} updates the row first) and then
     * finds no image.
     */
    private static Uni<Long> tagsLeftLocked(String imageId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select id from image where id = :id for update",
                        String.class).setParameter("id", imageId).getResultList()
                .chain(() -> s.createNativeQuery("select count(*) from image_tag where image_id = :id", Long.class)
                        .setParameter("id", imageId).getSingleResult()));
    }

    /** Every blob some image still needs: configs and layers. */
    public Uni<Set<String>> reachableBlobs() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select id from image union select blob_digest from image_layer"
                                + " union select blob_digest from image_manifest_blob", String.class)
                .getResultList())
                .map(HashSet::new);
    }
}
