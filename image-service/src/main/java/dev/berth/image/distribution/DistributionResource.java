package dev.berth.image.distribution;

import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.catalog.ManifestCatalog;
import dev.berth.image.catalog.Sequential;
import dev.berth.image.catalog.StoredManifest;
import dev.berth.image.domain.Image;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.Digests;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read side of the OCI Distribution API, so image-service is a registry: another berth, skopeo or dockerd can
 * pull from it, and runtime nodes fetch layers here. Repository names are image names as berth knows them
 * ({@code library/busybox} = {@code busybox}); a manifest reference may be a tag, a manifest digest, or (a berth
 * extension for runtime nodes) an image id.
 */
@Path("/v2")
public class DistributionResource {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final ImageCatalog catalog;
    private final ManifestCatalog manifests;
    private final ServedManifests served;
    private final BlobStore store;

    public DistributionResource(ImageCatalog catalog, ManifestCatalog manifests, ServedManifests served,
            BlobStore store) {
        this.catalog = catalog;
        this.manifests = manifests;
        this.served = served;
        this.store = store;
    }

    @GET
    @Path("/")
    public Response base() {
        return Response.ok("{}", MediaType.APPLICATION_JSON_TYPE)
                .header(ServedManifests.API_VERSION_HEADER, ServedManifests.API_VERSION).build();
    }

    @GET
    @Path("{name: .+}/manifests/{reference}")
    @WithSession
    public Uni<Response> manifest(@PathParam("name") String name, @PathParam("reference") String reference) {
        return find(name, reference).map(m -> m == null ? DistributionErrors.manifestUnknown(reference)
                : manifestResponse(m).entity(m.content()).build());
    }

    @HEAD
    @Path("{name: .+}/manifests/{reference}")
    @WithSession
    public Uni<Response> manifestHead(@PathParam("name") String name, @PathParam("reference") String reference) {
        return find(name, reference).map(m -> m == null ? Response.status(404).build()
                : manifestResponse(m).build());
    }

    @GET
    @Path("{name: .+}/tags/list")
    @WithSession
    public Uni<Response> tags(@PathParam("name") String name) {
        Reference repo;
        try {
            repo = ReferenceParser.parse(name);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(DistributionErrors.nameInvalid(name));
        }
        return catalog.tagsOfRepository(repo.name()).map(tags -> tags.isEmpty() ? DistributionErrors.nameUnknown(name)
                : Response.ok(Map.of("name", name, "tags", tags.stream().map(Reference::tag).toList()),
                        MediaType.APPLICATION_JSON_TYPE)
                        .header(ServedManifests.API_VERSION_HEADER, ServedManifests.API_VERSION).build());
    }

    @GET
    @Path("{name: .+}/blobs/{digest}")
    @Blocking
    public Response blob(@PathParam("name") String name, @PathParam("digest") String digest,
            @HeaderParam("Range") String range) throws IOException {
        return blobResponse(digest, range, true);
    }

    @HEAD
    @Path("{name: .+}/blobs/{digest}")
    @Blocking
    public Response blobHead(@PathParam("name") String name, @PathParam("digest") String digest) throws IOException {
        return blobResponse(digest, null, false);
    }

    private Response blobResponse(String digest, String range, boolean body) throws IOException {
        if (!Digests.isValid(digest)) {
            return DistributionErrors.digestInvalid(digest);
        }
        java.nio.file.Path path = store.pathOf(digest);
        if (!Files.isRegularFile(path)) {
            return body ? DistributionErrors.blobUnknown(digest) : Response.status(404).build();
        }
        long size = Files.size(path);
        long start = 0;
        long end = size - 1;
        int status = 200;
        Matcher m = range == null ? null : RANGE.matcher(range.trim());
        if (m != null && m.matches()) {
            start = Long.parseLong(m.group(1));
            end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            if (start > end || start >= size) {
                return Response.status(416).header("Content-Range", "bytes */" + size).build();
            }
            status = 206;
        }
        long length = end - start + 1;
        Response.ResponseBuilder out = Response.status(status)
                .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Docker-Content-Digest", digest)
                .header("Accept-Ranges", "bytes")
                .header("Content-Length", length)
                .header(ServedManifests.API_VERSION_HEADER, ServedManifests.API_VERSION);
        if (status == 206) {
            out.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        if (!body) {
            return out.build();
        }
        if (status == 200) {
            return out.entity(path.toFile()).build();
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ).position(start);
        InputStream slice = new java.io.FilterInputStream(Channels.newInputStream(channel)) {
            private long left = length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
        return out.entity(slice).build();
    }

    private static Response.ResponseBuilder manifestResponse(StoredManifest m) {
        return Response.ok().type(m.mediaType())
                .header("Docker-Content-Digest", m.digest())
                .header("Content-Length", m.content().length)
                .header("ETag", "\"" + m.digest() + "\"")
                .header(ServedManifests.API_VERSION_HEADER, ServedManifests.API_VERSION);
    }

    /** The manifest {@code reference} names in repository {@code name}, or null. */
    private Uni<StoredManifest> find(String name, String reference) {
        Reference repo;
        try {
            repo = ReferenceParser.parse(name);
            if (!repo.isNameOnly()) {
                return Uni.createFrom().nullItem();
            }
        } catch (RuntimeException e) {
            return Uni.createFrom().nullItem();
        }
        if (!reference.contains(":")) {
            Reference tagged;
            try {
                tagged = repo.withTag(ReferenceParser.validTag(reference));
            } catch (RuntimeException e) {
                return Uni.createFrom().nullItem();
            }
            return catalog.resolve(tagged.full())
                    .onFailure().recoverWithNull()
                    .chain(found -> found == null ? Uni.createFrom().<StoredManifest>nullItem()
                            : served.of(found.image()));
        }
        if (!Digests.isValid(reference)) {
            return Uni.createFrom().nullItem();
        }
        return manifests.manifest(reference).chain(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(stored);
            }
            return Image.<Image>findById(reference).chain(byId -> {
                if (byId != null) {
                    return served.of(byId);
                }
                return catalog.tagsOfRepository(repo.name()).chain(tags -> Sequential.map(tags,
                                t -> catalog.resolve(t.full()).chain(found -> served.of(found.image())))
                        .map(all -> all.stream().filter(m -> m.digest().equals(reference)).findFirst()
                                .orElse(null)));
            });
        });
    }
}
