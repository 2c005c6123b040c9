package dev.berth.image.api;

import dev.berth.common.http.ResponseOutputStream;
import dev.berth.common.errors.BerthException;
import dev.berth.image.pull.ImagePuller;
import dev.berth.image.pull.PullPlan;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import dev.berth.image.registry.RegistryCredentials;
import dev.berth.image.store.Digests;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code docker pull}: {@code POST /images/create?fromImage=...}. A Vert.x route ahead of the JAX-RS resource (which
 * still handles {@code fromSrc} imports) so progress streams to the client as it happens. Errors before the 200 are
 * plain Docker errors; after it, {@code {"errorDetail":...,"error":...}} lines.
 */
@ApplicationScoped
public class PullRoute {

    private final ImagePuller puller;

    public PullRoute(ImagePuller puller) {
        this.puller = puller;
    }

    void register(@Observes Router router) {
        router.post("/images/create").order(Integer.MIN_VALUE).handler(ctx -> {
            String fromImage = ctx.request().getParam("fromImage");
            if (fromImage == null || fromImage.isEmpty()) {
                ctx.next();
                return;
            }
            ctx.vertx().executeBlocking(() -> {
                pull(ctx, fromImage, ctx.request().getParam("tag"), ctx.request().getHeader("X-Registry-Auth"));
                return null;
            }, false);
        });
    }

    static Reference reference(String fromImage, String tag) {
        Reference ref = ReferenceParser.parse(fromImage);
        if (tag != null && !tag.isEmpty() && ref.digest() == null) {
            if (tag.contains(":")) {
                if (!Digests.isValid(tag)) {
                    throw BerthException.invalid("invalid reference format: " + tag);
                }
                ref = new Reference(ref.name(), null, tag);
            } else {
                ref = ref.withTag(ReferenceParser.validTag(tag));
            }
        }
        return ref.withDefaultTag();
    }

    private void pull(RoutingContext ctx, String fromImage, String tag, String auth) {
        HttpServerResponse response = ctx.response();
        PullPlan plan;
        try {
            Reference ref = reference(fromImage, tag);
            plan = puller.prepare(ref, RegistryCredentials.fromHeader(auth));
        } catch (RuntimeException e) {
            ProgressStream.fail(response, "pull", e);
            return;
        }
        PullPlan ready = plan;
        ProgressStream.stream(response, "pull of " + ready.ref().familiar(), progress -> puller.download(ready, progress));
    }
}
