package dev.berth.image.push;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.image.api.OnEventLoop;
import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.catalog.ManifestCatalog;
import dev.berth.image.catalog.StoredManifest;
import dev.berth.image.domain.ImageLayer;
import dev.berth.image.events.ImageEvents;
import dev.berth.image.reference.Reference;
import dev.berth.image.registry.BlobPusher;
import dev.berth.image.registry.ManifestPusher;
import dev.berth.image.registry.MediaTypes;
import dev.berth.image.registry.RegistryCredentials;
import dev.berth.image.registry.RegistryEndpoint;
import dev.berth.image.registry.RegistrySession;
import dev.berth.image.registry.wire.Descriptor;
import dev.berth.image.registry.wire.ManifestDocument;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.Digests;
import dev.berth.image.store.StoredBlob;
import io.quarkus.hibernate.reactive.panache.Panache;
import dev.berth.image.transfer.LayerTransfers;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code docker push}: the image's registry manifest (the one pulled, byte for byte, or one built with gzip layers
 * and remembered), then per layer a {@code HEAD}, a cross-repository mount when another repository of the registry
 * is known to hold the blob, or an upload; the config; the manifest last. Records the repo digest, where the blobs
 * now are, and a {@code push} event. Blocking: call from a worker thread.
 */
@ApplicationScoped
public class ImagePusher {
    private static final int PARALLEL = LayerTransfers.PARALLEL;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final BlobPusher blobs;
    private final ManifestPusher manifests;
    private final BlobStore store;
    private final ImageCatalog catalog;
    private final ManifestCatalog manifestCatalog;
    private final OnEventLoop eventLoop;
    private final String insecureRegistries;
    private final LayerTransfers transfers;

    public ImagePusher(BlobPusher blobs, ManifestPusher manifests, BlobStore store, ImageCatalog catalog,
            ManifestCatalog manifestCatalog, OnEventLoop eventLoop, LayerTransfers transfers,
            @ConfigProperty(name = "berth.insecure-registries") java.util.Optional<String> insecureRegistries) {
        this.blobs = blobs;
        this.manifests = manifests;
        this.store = store;
        this.catalog = catalog;
        this.manifestCatalog = manifestCatalog;
        this.eventLoop = eventLoop;
        this.insecureRegistries = insecureRegistries.orElse("");
        this.transfers = transfers;
    }

    /** The tags to push: {@code ref} itself, or every tag of its repository when it has no tag. */
    public List<Reference> tagsToPush(Reference ref) {
        if (ref.tag() != null) {
            return List.of(ref);
        }
        List<Reference> tags = eventLoop.run(() -> Panache.withSession(() -> catalog.tagsOfRepository(ref.name())))
                .await().indefinitely();
        if (tags.isEmpty()) {
            throw BerthException.notFound("An image does not exist locally with the tag: " + ref.familiarName());
        }
        return tags;
    }

    public void push(Reference ref, RegistryCredentials credentials, PushProgress progress) {
        RegistryEndpoint endpoint = RegistryEndpoint.of(ref, insecureRegistries);
        RegistrySession session = new RegistrySession(endpoint, credentials, endpoint.pushScope());
        PushSource source = eventLoop.run(() -> Panache.withSession(() -> catalog.resolve(ref.full())
                        .onFailure(BerthException.class).transform(e -> BerthException.notFound(
                                "An image does not exist locally with the tag: " + ref.familiarName()))
                        .chain(found -> catalog.layersOf(found.image().id)
                                .chain(layers -> manifestCatalog.manifestsOf(found.image().id)
                                        .map(ms -> new PushSource(found.image().id, found.image().config, layers,
                                                ms))))))
                .await().indefinitely();
        List<String> pinned = new ArrayList<>();
        LayerTransfers.Batch pool = transfers.uploads();
        try {
            store.pin(List.of(source.imageId()));
            pinned.add(source.imageId());
            source.layers().forEach(l -> {
                store.pin(List.of(l.blobDigest));
                pinned.add(l.blobDigest);
            });
            for (ImageLayer layer : source.layers()) {
                progress.layer(Digests.shortId(layer.diffId), "Preparing");
            }
            StoredManifest manifest = usableManifest(source, pinned);
            boolean built = manifest == null;
            if (built) {
                manifest = build(source, pinned);
            }
            ManifestDocument doc = parse(manifest);
            List<Descriptor> layers = doc.layers();
            Map<String, List<String>> locations = eventLoop.run(() -> Panache.withSession(() -> manifestCatalog
                            .locations(layers.stream().map(Descriptor::digest).toList(), endpoint.host())))
                    .await().indefinitely();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Descriptor layer = layers.get(i);
                String id = Digests.shortId(source.layers().get(i).diffId);
                if (i >= PARALLEL) {
                    progress.layer(id, "Waiting");
                }
                List<String> from = locations.getOrDefault(layer.digest(), List.of()).stream()
                        .filter(repo -> !repo.equals(endpoint.repository())).toList();
                futures.add(pool.submit(() -> pushLayer(session, layer, id, from, progress)));
            }
            for (Future<?> f : futures) {
                await(f);
            }
            if (!blobs.exists(session, doc.config().digest())) {
                blobs.upload(session, doc.config().digest(), store.pathOf(doc.config().digest()), n -> { });
            }
            manifests.put(session, ref.tag(), manifest.mediaType(), manifest.content());
            StoredManifest done = manifest;
            String familiar = ref.familiar();
            eventLoop.run(() -> Panache.withTransaction(() -> (built
                            ? manifestCatalog.record(source.imageId(), done) : io.smallrye.mutiny.Uni.createFrom()
                            .voidItem())
                    .chain(() -> catalog.recordRepoDigest(ref.name(), done.digest(), source.imageId()))
                    .chain(() -> manifestCatalog.recordLocations(done.blobs(), endpoint.host(), endpoint.repository()))
                    .chain(() -> ImageEvents.append("push", familiar, ref.familiarName()))))
                    .await().indefinitely();
            progress.status(ref.tag() + ": digest: " + manifest.digest() + " size: " + manifest.content().length);
            progress.pushed(ref.tag(), manifest.digest(), manifest.content().length);
        } catch (IOException e) {
            throw BerthException.internal("push of " + ref.familiar() + " failed: " + e.getMessage(), e);
        } finally {
            pool.close();
            store.unpin(pinned);
        }
    }

    private void pushLayer(RegistrySession session, Descriptor layer, String id, List<String> from,
            PushProgress progress) {
        if (blobs.exists(session, layer.digest())) {
            progress.layer(id, "Layer already exists");
            return;
        }
        for (String repository : from) {
            if (blobs.mount(session, layer.digest(), repository)) {
                progress.layer(id, "Mounted from " + repository);
                return;
            }
        }
        blobs.upload(session, layer.digest(), store.pathOf(layer.digest()),
                n -> progress.pushing(id, n, layer.size()));
        progress.layer(id, "Pushed");
    }

    /** The newest recorded manifest whose blobs are all in the store (pinned here), or null. */
    private StoredManifest usableManifest(PushSource source, List<String> pinned) {
        for (StoredManifest m : source.manifests()) {
            if (MediaTypes.isIndex(m.mediaType())) {
                continue;
            }
            store.pin(m.blobs());
            pinned.addAll(m.blobs());
            if (m.blobs().stream().allMatch(store::exists) && m.blobs().contains(source.imageId())) {
                return m;
            }
        }
        return null;
    }

    /** A schema 2 manifest: gzip layers as they are, plain tar layers compressed once into the store. */
    private StoredManifest build(PushSource source, List<String> pinned) throws IOException {
        List<Descriptor> layers = new ArrayList<>();
        List<String> blobsNamed = new ArrayList<>();
        blobsNamed.add(source.imageId());
        for (ImageLayer layer : source.layers()) {
            if (layer.mediaType != null && layer.mediaType.endsWith("gzip")) {
                layers.add(new Descriptor(StoredBlob.MEDIA_TAR_GZIP, layer.blobDigest, layer.blobSize, null));
                blobsNamed.add(layer.blobDigest);
                continue;
            }
            StoredBlob gz;
            try (InputStream in = GzipStream.of(store.open(layer.blobDigest))) {
                gz = store.putLayer(in);
            }
            pinned.add(gz.digest());
            if (!gz.diffId().equals(layer.diffId)) {
                throw BerthException.internal("compressing layer " + layer.diffId + " gave content "
                        + gz.diffId(), null);
            }
            layers.add(new Descriptor(StoredBlob.MEDIA_TAR_GZIP, gz.digest(), gz.size(), null));
            blobsNamed.add(gz.digest());
        }
        Descriptor config = new Descriptor(ManifestBuilder.CONFIG_MEDIA, source.imageId(), source.config().length,
                null);
        byte[] content = ManifestBuilder.build(config, layers);
        return new StoredManifest(Digests.of(content), MediaTypes.DOCKER_MANIFEST, content, blobsNamed);
    }

    private static ManifestDocument parse(StoredManifest manifest) {
        try {
            ManifestDocument doc = JSON.readValue(manifest.content(), ManifestDocument.class);
            if (doc.config() == null || doc.layers() == null) {
                throw BerthException.internal("recorded manifest " + manifest.digest() + " is not an image manifest",
                        null);
            }
            return doc;
        } catch (IOException e) {
            throw BerthException.internal("recorded manifest " + manifest.digest() + " is unreadable", e);
        }
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.internal("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw BerthException.internal(e.getCause().getMessage(), e.getCause());
        }
    }
}
