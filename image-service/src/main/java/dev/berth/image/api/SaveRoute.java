package dev.berth.image.api;

import dev.berth.common.http.ResponseOutputStream;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.http.ClientApiVersion;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
import dev.berth.image.catalog.ImageCatalog;
import dev.berth.image.catalog.Sequential;
import dev.berth.image.load.SaveArchiveWriter;
import dev.berth.image.load.SavedImage;
import dev.berth.image.store.BlobStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code docker save}: {@code GET /images/get?names=...} and {@code GET /images/{name}/get}. A plain Vert.x route on
 * a worker thread rather than a JAX-RS method, so the archive streams from the blob store with real backpressure.
 */
@ApplicationScoped
public class SaveRoute {
    private static final Logger LOG = Logger.getLogger(SaveRoute.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageCatalog catalog;
    private final BlobStore store;
    private final OnEventLoop eventLoop;

    public SaveRoute(ImageCatalog catalog, BlobStore store, OnEventLoop eventLoop) {
        this.catalog = catalog;
        this.store = store;
        this.eventLoop = eventLoop;
    }

    void register(@Observes Router router) {
        router.getWithRegex("/images/get").blockingHandler(ctx -> save(ctx, ctx.queryParam("names")), false);
        router.getWithRegex("/images/(.+)/get").blockingHandler(ctx -> {
            String raw = ctx.pathParam("param0");
            save(ctx, List.of(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8)));
        }, false);
    }

    private void save(RoutingContext ctx, List<String> names) {
        try {
            PlatformQuery.checkAll(ctx.queryParam("platform"), ctx.request().getHeader(ClientApiVersion.HEADER));
        } catch (RuntimeException e) {
            fail(ctx.response(), e);
            return;
        }
        saveImages(ctx, names);
    }

    private void saveImages(RoutingContext ctx, List<String> names) {
        HttpServerResponse response = ctx.response();
        List<SavedImage> images;
        try {
            if (names == null || names.isEmpty()) {
                throw BerthException.invalid("no images given to save");
            }
            images = eventLoop.run(() -> Panache.withSession(() -> Sequential.map(names, this::toSave)))
                    .await().indefinitely();
        } catch (RuntimeException e) {
            fail(response, e);
            return;
        }
        List<String> pinned = new ArrayList<>();
        images.forEach(i -> {
            pinned.add(i.id());
            i.layers().forEach(l -> pinned.add(l.digest()));
        });
        store.pin(pinned);
        try {
            response.setChunked(true).putHeader("Content-Type", "application/x-tar");
            ResponseOutputStream out = new ResponseOutputStream(response);
            new SaveArchiveWriter(store).write(images, out);
            out.close();
            response.end();
        } catch (Exception e) {
            LOG.warning("docker save failed mid-stream: " + e);
            response.reset();
        } finally {
            store.unpin(pinned);
        }
    }

    private Uni<SavedImage> toSave(String name) {
        return catalog.resolve(name).chain(found -> catalog.layersOf(found.image().id).map(layers -> new SavedImage(
                found.image().id, found.image().config,
                layers.stream().map(l -> new SavedImage.Layer(l.blobDigest, l.blobSize, l.mediaType)).toList(),
                found.viaTag() == null || found.viaTag().digest() != null ? List.of()
                        : List.of(found.viaTag().familiar()))));
    }

    private static void fail(HttpServerResponse response, RuntimeException e) {
        try {
            response.setStatusCode(DockerError.statusOf(e)).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(DockerError.of(e)));
        } catch (Exception ignored) {
            response.setStatusCode(500).end();
        }
    }
}
