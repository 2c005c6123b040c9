package dev.berth.image.api;

import dev.berth.common.errors.BerthException;
import dev.berth.common.http.ClientApiVersion;
import dev.berth.common.http.ResponseOutputStream;
import dev.berth.image.push.ImagePusher;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import dev.berth.image.registry.RegistryCredentials;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code docker push}: {@code POST /images/{name}/push?tag=}, a Vert.x route so progress streams as it happens.
 * A bad name or tag is a plain Docker error; once the stream has started, errors are
 * {@code {"errorDetail":...,"error":...}} lines, as dockerd writes them. No tag pushes every tag of the repository.
 */
@ApplicationScoped
public class PushRoute {

    private final ImagePusher pusher;

    public PushRoute(ImagePusher pusher) {
        this.pusher = pusher;
    }

    void register(@Observes Router router) {
        router.postWithRegex("/images/(.+)/push").order(Integer.MIN_VALUE).handler(ctx -> {
            String name = URLDecoder.decode(ctx.pathParam("param0"), StandardCharsets.UTF_8);
            ctx.vertx().executeBlocking(() -> {
                push(ctx, name, ctx.request().getParam("tag"), ctx.request().getHeader("X-Registry-Auth"),
                    ctx.request().getParam("platform"), ctx.request().getHeader(ClientApiVersion.HEADER));
                return null;
            }, false);
        });
    }

    static Reference reference(String name, String tag) {
        Reference ref = ReferenceParser.parse(name);
        if (ref.digest() != null) {
            throw BerthException.invalid("cannot push a digest reference");
        }
        if (tag != null && !tag.isEmpty()) {
            ref = ref.withTag(ReferenceParser.validTag(tag));
        }
        return ref;
    }

    private void push(RoutingContext ctx, String name, String tag, String auth, String platform, String apiVersion) {
        HttpServerResponse response = ctx.response();
        Reference ref;
        RegistryCredentials credentials;
        try {
            ref = reference(name, tag);
            credentials = RegistryCredentials.fromHeader(auth);
            PlatformQuery.check(platform, apiVersion, "1.46");
        } catch (RuntimeException e) {
            ProgressStream.fail(response, "push", e);
            return;
        }
        Reference target = ref;
        RegistryCredentials registryAuth = credentials;
        ProgressStream.stream(response, "push of " + target.familiar(), progress -> {
            progress.status("The push refers to repository [" + target.name() + "]");
            for (Reference one : pusher.tagsToPush(target)) {
                pusher.push(one, registryAuth, progress);
            }
        });
    }
}
