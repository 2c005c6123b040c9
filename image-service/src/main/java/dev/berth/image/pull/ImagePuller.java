package dev.berth.image.pull;

import dev.berth.common.errors.BerthException;
import dev.berth.image.api.OnEventLoop;
import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.catalog.ManifestCatalog;
import dev.berth.image.catalog.StoredManifest;
import dev.berth.image.catalog.StagedImage;
import dev.berth.image.catalog.StagedLayer;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.domain.ImageLayer;
import dev.berth.image.reference.Reference;
import dev.berth.image.registry.BlobPuller;
import dev.berth.image.registry.ManifestPuller;
import dev.berth.image.registry.PulledManifest;
import dev.berth.image.registry.RegistryCredentials;
import dev.berth.image.registry.RegistryEndpoint;
import dev.berth.image.registry.RegistrySession;
import dev.berth.image.registry.wire.Descriptor;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.Digests;
import dev.berth.image.store.StoredBlob;
import io.quarkus.hibernate.reactive.panache.Panache;
import dev.berth.image.transfer.LayerTransfers;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code docker pull}: {@link #prepare} resolves the manifest (errors there become plain Docker errors),
 * {@link #download} fetches the missing blobs a few at a time, verifies them and records the image in one transaction.
 * Both block: call them from a worker thread.
 */
@ApplicationScoped
public class ImagePuller {
    private static final int PARALLEL = LayerTransfers.PARALLEL;

    private final ManifestPuller manifests;
    private final BlobPuller blobs;
    private final BlobStore store;
    private final ImageCatalog catalog;
    private final ManifestCatalog manifestCatalog;
    private final OnEventLoop eventLoop;
    private final String insecureRegistries;
    private final LayerTransfers transfers;

    public ImagePuller(ManifestPuller manifests, BlobPuller blobs, BlobStore store, ImageCatalog catalog,
            ManifestCatalog manifestCatalog, OnEventLoop eventLoop, LayerTransfers transfers,
            @ConfigProperty(name = "berth.insecure-registries") java.util.Optional<String> insecureRegistries) {
        this.manifests = manifests;
        this.blobs = blobs;
        this.store = store;
        this.catalog = catalog;
        this.manifestCatalog = manifestCatalog;
        this.eventLoop = eventLoop;
        this.insecureRegistries = insecureRegistries.orElse("");
        this.transfers = transfers;
    }

    public PullPlan prepare(Reference ref, RegistryCredentials credentials) {
        RegistrySession session = new RegistrySession(RegistryEndpoint.of(ref, insecureRegistries), credentials);
        PulledManifest manifest = manifests.pull(session, ref);
        String upToDate = eventLoop.run(() -> Panache.withSession(() -> catalog.upToDate(ref, manifest.digest())))
                .await().indefinitely();
        Map<String, ImageLayer> known = new HashMap<>();
        if (upToDate == null) {
            List<String> digests = manifest.layers().stream().map(Descriptor::digest).toList();
            eventLoop.run(() -> Panache.withSession(() -> catalog.layersByBlob(digests))).await().indefinitely()
                    .forEach(l -> known.putIfAbsent(l.blobDigest, l));
        }
        return new PullPlan(ref, session, manifest, upToDate, known);
    }

    public void download(PullPlan plan, PullProgress progress) {
        Reference ref = plan.ref();
        PulledManifest manifest = plan.manifest();
        progress.status("Pulling from " + plan.session().endpoint().repository(),
                ref.digest() != null ? ref.digest() : ref.tag());
        if (plan.upToDateImage() != null) {
            progress.status("Digest: " + manifest.digest(), null);
            progress.status("Status: Image is up to date for " + ref.familiar(), null);
            return;
        }
        List<String> pinned = new ArrayList<>();
        LayerTransfers.Batch pool = transfers.downloads();
        try {
            List<Descriptor> layers = manifest.layers();
            List<Boolean> reuse = new ArrayList<>();
            for (Descriptor layer : layers) {
                pin(layer.digest(), pinned);
                boolean have = plan.known().containsKey(layer.digest()) && store.exists(layer.digest());
                reuse.add(have);
                progress.layer(Digests.shortId(layer.digest()), have ? "Already exists" : "Pulling fs layer");
            }
            String configDigest = manifest.config().digest();
            // pin before looking, so a concurrent sweep cannot take a blob this pull decided to reuse
            pin(configDigest, pinned);
            if (!store.exists(configDigest)) {
                pin(blobs.pull(plan.session(), configDigest, n -> { }).digest(), pinned, false);
            }
            ImageConfig config = ImageConfig.parse(store.read(configDigest));
            List<String> diffIds = config.diffIds();
            if (diffIds.size() != layers.size()) {
                throw BerthException.invalid("image config for " + ref.familiar() + " lists " + diffIds.size()
                        + " diff ids but the manifest has " + layers.size() + " layers");
            }
            List<Future<StagedLayer>> futures = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Descriptor layer = layers.get(i);
                String diffId = diffIds.get(i);
                if (reuse.get(i)) {
                    ImageLayer row = plan.known().get(layer.digest());
                    if (!row.diffId.equals(diffId)) {
                        throw BerthException.invalid("layer " + layer.digest() + ": diff id " + row.diffId
                                + " does not match the config's " + diffId);
                    }
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(new StagedLayer(row.diffId,
                            layer.digest(), row.blobSize, row.diffSize, mediaType(layer, row.mediaType))));
                    continue;
                }
                futures.add(pool.submit(() -> fetchLayer(plan, layer, diffId, progress, pinned)));
            }
            List<StagedLayer> staged = new ArrayList<>();
            for (Future<StagedLayer> f : futures) {
                staged.add(await(f));
            }
            for (int i = 0; i < layers.size(); i++) {
                if (!reuse.get(i)) {
                    progress.layer(Digests.shortId(layers.get(i).digest()), "Pull complete");
                }
            }
            StagedImage image = new StagedImage(config, staged, List.of());
            StoredManifest stored = new StoredManifest(manifest.imageDigest(), manifest.imageMediaType(),
                    manifest.imageBytes(), image.blobs());
            eventLoop.run(() -> Panache.withTransaction(() -> catalog.recordPull(image, ref, manifest.digest())
                            .call(() -> manifestCatalog.record(image.id(), stored))
                            .call(() -> manifestCatalog.recordLocations(image.blobs(),
                                    plan.session().endpoint().host(), plan.session().endpoint().repository()))))
                    .await().indefinitely();
            progress.status("Digest: " + manifest.digest(), null);
            progress.status("Status: Downloaded newer image for " + ref.familiar(), null);
        } catch (IOException e) {
            throw BerthException.internal("pull of " + ref.familiar() + " failed: " + e.getMessage(), e);
        } finally {
            pool.close();
            synchronized (pinned) {
                store.unpin(pinned);
            }
        }
    }

    private void pin(String digest, List<String> pinned) {
        pin(digest, pinned, true);
    }

    /** Records a pin to release at the end; {@code take} pins now (a put already pinned what it stored). */
    private void pin(String digest, List<String> pinned, boolean take) {
        if (take) {
            store.pin(List.of(digest));
        }
        synchronized (pinned) {
            pinned.add(digest);
        }
    }

    private StagedLayer fetchLayer(PullPlan plan, Descriptor layer, String diffId, PullProgress progress,
            List<String> pinned) {
        String id = Digests.shortId(layer.digest());
        StoredBlob blob = blobs.pull(plan.session(), layer.digest(),
                n -> progress.downloading(id, n, layer.size()));
        pin(blob.digest(), pinned, false);
        blob.requireSafeLayer();
        if (!blob.diffId().equals(diffId)) {
            throw BerthException.invalid("layer " + layer.digest() + ": uncompressed content has digest "
                    + blob.diffId() + " but the image config expects " + diffId);
        }
        progress.layer(id, "Download complete");
        return new StagedLayer(blob.diffId(), blob.digest(), blob.size(), blob.diffSize(),
                mediaType(layer, blob.layerMediaType()));
    }

    private static String mediaType(Descriptor layer, String fallback) {
        return layer.mediaType() == null || layer.mediaType().isEmpty() ? fallback : layer.mediaType();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
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
