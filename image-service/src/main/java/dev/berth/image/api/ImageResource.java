package dev.berth.image.api;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
import dev.berth.common.http.ClientApiVersion;
import dev.berth.image.catalog.BlobCollector;
import dev.berth.image.catalog.DeleteItem;
import dev.berth.image.catalog.DeletePlan;
import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.catalog.ImageFilters;
import dev.berth.image.catalog.ImagePruneFilters;
import dev.berth.image.catalog.ImageLookup;
import dev.berth.image.catalog.ResolvedImage;
import dev.berth.image.catalog.Sequential;
import dev.berth.image.catalog.StagedImage;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageRepoDigest;
import dev.berth.image.domain.ImageTag;
import dev.berth.image.imports.ImageImporter;
import dev.berth.image.imports.ImportRequest;
import dev.berth.image.load.LoadedArchive;
import dev.berth.image.load.SaveArchiveReader;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import dev.berth.image.store.BlobStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.OffsetDateTime;

/** The images part of the Docker Engine API. */
@Path("/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {
    private final ImageCatalog catalog;
    private final ImageImporter importer;
    private final BlobStore store;
    private final BlobCollector collector;
    private final OnEventLoop eventLoop;

    public ImageResource(ImageCatalog catalog, ImageImporter importer, BlobStore store, BlobCollector collector,
            OnEventLoop eventLoop) {
        this.catalog = catalog;
        this.importer = importer;
        this.store = store;
        this.collector = collector;
        this.eventLoop = eventLoop;
    }

    @GET
    @Path("json")
    @WithSession
    public Uni<List<ImageSummary>> list(@QueryParam("filters") String filters, @QueryParam("all") String all) {
        ImageFilters filter = ImageFilters.parse(filters);
        boolean showIntermediate = all != null && !all.isEmpty() && !all.equals("0")
                && !all.equalsIgnoreCase("false");
        return createdBound(filter.before(), true).chain(before -> createdBound(filter.since(), false)
                .chain(since -> list(filter, before, since, showIntermediate)));
    }

    /** The creation time of the named images: the earliest (for {@code before}) or latest; null without names. */
    private Uni<OffsetDateTime> createdBound(List<String> names, boolean earliest) {
        if (names.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return Sequential.map(names, n -> catalog.resolve(n).map(r -> Optional.ofNullable(r.image().created)))
                .map(all -> all.stream().flatMap(Optional::stream)
                        .reduce((a, b) -> earliest ? (a.isBefore(b) ? a : b) : (a.isAfter(b) ? a : b))
                        .orElse(null));
    }

    /**
     * Without {@code all}, untagged images that are the parent of another image (a build's intermediate steps, a
     * commit's base) are left out, as dockerd does.
     */
    private Uni<List<ImageSummary>> list(ImageFilters filter, OffsetDateTime before, OffsetDateTime since,
            boolean showIntermediate) {
        return ImageTag.<ImageTag>listAll().chain(tags -> {
            Map<String, List<Reference>> byImage = new HashMap<>();
            tags.stream().sorted(Comparator.comparing((ImageTag t) -> t.taggedAt).thenComparing(t -> t.reference))
                    .forEach(t -> byImage.computeIfAbsent(t.imageId, k -> new ArrayList<>())
                            .add(ReferenceParser.parse(t.reference)));
            return ImageRepoDigest.<ImageRepoDigest>listAll().chain(digests -> Image.<Image>listAll().map(images -> {
                Map<String, List<String>> digestsByImage = new HashMap<>();
                digests.stream().sorted(Comparator.comparing((ImageRepoDigest d) -> d.pulledAt))
                        .forEach(d -> digestsByImage.computeIfAbsent(d.imageId, k -> new ArrayList<>())
                                .add(Reference.familiarName(d.name) + "@" + d.digest));
                List<ImageSummary> out = new ArrayList<>();
                java.util.Set<String> parentsOfOthers = new java.util.HashSet<>();
                images.forEach(i -> {
                    if (i.parent != null) {
                        parentsOfOthers.add(i.parent);
                    }
                });
                for (Image image : images) {
                    if (!showIntermediate && parentsOfOthers.contains(image.id)
                            && !byImage.containsKey(image.id)) {
                        continue;
                    }
                    if (before != null && (image.created == null || !image.created.isBefore(before))) {
                        continue;
                    }
                    if (since != null && (image.created == null || !image.created.isAfter(since))) {
                        continue;
                    }
                    List<Reference> refs = byImage.getOrDefault(image.id, List.of());
                    if (!filter.acceptsTagState(!refs.isEmpty())) {
                        continue;
                    }
                    if (filter.hasReferenceFilter()) {
                        refs = refs.stream().filter(filter::matchesReference).toList();
                        if (refs.isEmpty()) {
                            continue;
                        }
                    }
                    ImageSummary summary = ImageViews.summary(image, refs,
                            digestsByImage.getOrDefault(image.id, List.of()));
                    if (filter.acceptsLabels(summary.labels())) {
                        out.add(summary);
                    }
                }
                out.sort(Comparator.comparingLong(ImageSummary::created).reversed().thenComparing(ImageSummary::id));
                return out;
            }));
        });
    }

    @GET
    @Path("{name: .+}/json")
    @WithSession
    public Uni<ImageInspect> inspect(@PathParam("name") String name, @QueryParam("platform") String platform,
            @HeaderParam(ClientApiVersion.HEADER) String apiVersion) {
        PlatformQuery.check(platform, apiVersion, "1.49");
        return catalog.resolve(name).chain(found -> catalog.tagsOf(found.image().id)
                .chain(tags -> catalog.layersOf(found.image().id)
                        .chain(layers -> catalog.repoDigestsOf(found.image().id)
                                .map(digests -> ImageViews.inspect(found.image(), tags, layers, digests)))));
    }

    /**
     * API 1.55's attestations: berth keeps no attestation manifests, and answers as dockerd's image store without
     * them (the non-containerd one), after moby's own checks: the route's minimum version, one platform at most.
     */
    @GET
    @Path("{name: .+}/attestations")
    public Response attestations(@PathParam("name") String name, @QueryParam("platform") List<String> platforms,
            @HeaderParam(ClientApiVersion.HEADER) String apiVersion) {
        if (ClientApiVersion.lessThan(apiVersion, "1.55")) {
            throw BerthException.invalid("GET /images/{name:.*}/attestations requires minimum API version 1.55");
        }
        if (platforms != null && platforms.size() > 1) {
            throw BerthException.invalid("only one platform value is currently supported");
        }
        return Response.status(501).type(MediaType.APPLICATION_JSON)
                .entity(new DockerError("the legacy image store does not support attestations")).build();
    }

    @GET
    @Path("{name: .+}/history")
    @WithSession
    public Uni<List<HistoryItem>> history(@PathParam("name") String name, @QueryParam("platform") String platform,
            @HeaderParam(ClientApiVersion.HEADER) String apiVersion) {
        PlatformQuery.check(platform, apiVersion, "1.48");
        return catalog.resolve(name).chain(found -> catalog.tagsOf(found.image().id)
                .chain(tags -> catalog.layersOf(found.image().id)
                        .map(layers -> ImageViews.history(found.image(), tags, layers))));
    }

    /** {@code docker import} ({@code fromSrc=-}); {@code fromImage} (pull) is {@link PullRoute}. */
    @POST
    @Path("create")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@QueryParam("fromSrc") String fromSrc, @QueryParam("fromImage") String fromImage,
            @QueryParam("repo") String repo, @QueryParam("tag") String tag, @QueryParam("message") String message,
            @QueryParam("changes") List<String> changes, InputStream body) throws IOException {
        if (fromImage != null && !fromImage.isEmpty()) {
            // PullRoute answers pulls ahead of this resource; only reached if that route is missing
            throw BerthException.invalid("pull is served by PullRoute");
        }
        if (fromSrc == null || fromSrc.isEmpty()) {
            throw BerthException.invalid("either fromImage or fromSrc must be given");
        }
        if (!fromSrc.equals("-")) {
            throw BerthException.invalid("importing from a URL (fromSrc=" + fromSrc
                    + ") is not supported: use fromSrc=- and send the tarball as the request body");
        }
        ImportRequest request = ImportRequest.of(repo, tag, changes, message);
        StagedImage staged = importer.importTarball(body, request);
        return commit(() -> catalog.record(staged, "import"), staged.blobs())
                .map(notes -> json(new JsonLines().status(staged.id())));
    }

    /**
     * {@code docker load}: a {@code docker save} archive, plain or gzip. As dockerd does, a refused archive is a 200
     * whose stream ends in an {@code errorDetail} line (docker-py's {@code ImageLoadError}, the CLI's exit 1).
     */
    @POST
    @Path("load")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> load(@QueryParam("quiet") String quiet, @QueryParam("platform") List<String> platforms,
            @HeaderParam(ClientApiVersion.HEADER) String apiVersion, InputStream body) throws IOException {
        PlatformQuery.checkAll(platforms, apiVersion);
        JsonLines lines = new JsonLines();
        LoadedArchive archive;
        try {
            archive = new SaveArchiveReader(store).read(body);
        } catch (BerthException e) {
            return Uni.createFrom().item(json(lines.error(e.getMessage())));
        }
        return commit(() -> Sequential.map(archive.images(), image -> catalog.record(image, "load")
                .invoke(notes -> {
                    notes.forEach(n -> lines.stream(n + "\n"));
                    if (image.tags().isEmpty()) {
                        lines.stream("Loaded image ID: " + image.id() + "\n");
                    }
                    image.tags().forEach(t -> lines.stream("Loaded image: " + t.familiar() + "\n"));
                })), archive.pinned())
                .map(done -> json(lines))
                .onFailure(BerthException.class).recoverWithItem(f -> json(lines.error(f.getMessage())));
    }

    @POST
    @Path("{name: .+}/tag")
    public Uni<Response> tag(@PathParam("name") String name, @QueryParam("repo") String repo,
            @QueryParam("tag") String tag) {
        if (repo == null || repo.isEmpty()) {
            throw BerthException.invalid("repository name must have at least one component");
        }
        Reference parsed = ReferenceParser.parse(repo);
        if (parsed.digest() != null) {
            throw BerthException.invalid("refusing to create a tag with a digest reference");
        }
        Reference target = (tag == null || tag.isEmpty() ? parsed : parsed.withTag(ReferenceParser.validTag(tag)))
                .withDefaultTag();
        return Panache.withTransaction(() -> catalog.resolve(name)
                        .chain(found -> catalog.pointTag(found.image().id, target)))
                .map(note -> Response.status(Response.Status.CREATED).build());
    }

    @DELETE
    @Path("{name: .+}")
    public Uni<List<DeleteItem>> delete(@PathParam("name") String name, @QueryParam("force") String force,
            @QueryParam("noprune") String noprune) {
        boolean forced = isTrue(force);
        boolean prune = !isTrue(noprune);
        return Panache.withTransaction(() -> catalog.resolve(name).chain(found -> plan(found, name, forced)
                        .chain(items -> prune && items.contains(DeleteItem.deleted(found.image().id))
                                ? catalog.pruneParents(found.image().parent, new ArrayList<>(items), size -> { })
                                : Uni.createFrom().item(items))))
                .call(items -> collector.collect());
    }

    private Uni<List<DeleteItem>> plan(ResolvedImage found, String name, boolean force) {
        Image image = found.image();
        if (found.viaTag() != null && found.viaTag().digest() != null) {
            return catalog.removeRepoDigest(image, found.viaTag(), force);
        }
        Reference viaTag = found.viaTag() != null && !ImageLookup.isIdPrefix(image.id, name) ? found.viaTag() : null;
        return catalog.tagsOf(image.id).chain(tags -> catalog.usersOf(image.id)
                .chain(users -> catalog.hasChildren(image.id).chain(children -> catalog.apply(image,
                        DeletePlan.of(image.id, name, viaTag, tags, users, children, force)))));
    }

    /**
     * {@code docker image prune}: deletes dangling images (all unused ones with {@code dangling=false}) that no
     * container uses, narrowed by {@code label}, {@code label!} and {@code until} ({@link ImagePruneFilters}). As
     * moby, only images no other image builds on are candidates (an untagged step of a tagged build stays), and each
     * deletion takes the untagged parents nothing else holds along; with {@code dangling=false} the passes repeat
     * while they delete, since a deleted image's tagged parent is then a candidate too.
     */
    @POST
    @Path("prune")
    public Uni<PruneReport> prune(@QueryParam("filters") String filters) {
        ImagePruneFilters filter = ImagePruneFilters.parse(filters, java.time.Instant.now());
        List<DeleteItem> deleted = new ArrayList<>();
        long[] reclaimed = {0};
        return Panache.withTransaction(() -> prunePass(filter, deleted, reclaimed))
                .call(() -> collector.collect())
                .map(done -> new PruneReport(deleted, reclaimed[0]));
    }

    private Uni<Void> prunePass(ImagePruneFilters filter, List<DeleteItem> deleted, long[] reclaimed) {
        int before = deleted.size();
        // an image a cascade deleted earlier in the pass is gone from the table (the session may still hold it)
        return Image.<Image>listAll().chain(images -> Sequential.each(images, image -> Image.count("id", image.id)
                .chain(left -> left == 0 ? Uni.createFrom().voidItem() : pruneOne(image, filter, deleted,
                        reclaimed))))
                .chain(() -> filter.danglingOnly() || deleted.size() == before ? Uni.createFrom().voidItem()
                        : prunePass(filter, deleted, reclaimed));
    }

    private Uni<Void> pruneOne(Image image, ImagePruneFilters filter, List<DeleteItem> deleted, long[] reclaimed) {
        return catalog.hasChildren(image.id).chain(children -> children ? Uni.createFrom().voidItem()
                : catalog.tagsOf(image.id).chain(tags -> catalog.usersOf(image.id).chain(users -> {
                    if (!users.isEmpty() || !filter.accepts(!tags.isEmpty(), ImageViews.summary(image, tags).labels(),
                            image.created == null ? null : image.created.toInstant())) {
                        return Uni.createFrom().voidItem();
                    }
                    reclaimed[0] += image.size;
                    return catalog.apply(image, new DeletePlan(tags, true)).invoke(deleted::addAll)
                            .chain(items -> catalog.pruneParents(image.parent, deleted, size -> reclaimed[0] += size))
                            .replaceWithVoid();
                })));
    }

    /** Records rows on the event loop in one transaction; the pinned blobs are released afterwards. */
    private <T> Uni<T> commit(java.util.function.Supplier<Uni<T>> work, List<String> pinned) {
        return eventLoop.run(() -> Panache.withTransaction(work))
                .eventually(() -> store.unpin(pinned));
    }

    private static Response json(Object body) {
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    static boolean isTrue(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }
}
