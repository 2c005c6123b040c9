package dev.berth.image.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
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
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code docker push}: {@code POST /images/{name}/push?tag=}, a Vert.x route so progress streams as it happens.
 * A bad name or tag is a plain Docker error; once the stream has started, errors are
 * {@code {"errorDetail":...,"error":...}} lines, as dockerd writes them. No tag pushes every tag of the repository.
 */
@ApplicationScoped
public class PushRoute {
    private static final Logger LOG = Logger.getLogger(PushRoute.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImagePusher pusher;

    public PushRoute(ImagePusher pusher) {
        this.pusher = pusher;
    }

    void register(@Observes Router router) {
        router.postWithRegex("/images/(.+)/push").order(Integer.MIN_VALUE).handler(ctx -> {
            String name = URLDecoder.decode(ctx.pathParam("param0"), StandardCharsets.UTF_8);
            ctx.vertx().executeBlocking(() -> {
                push(ctx, name, ctx.request().getParam("tag"), ctx.request().getHeader("X-Registry-Auth"));
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

    private void push(RoutingContext ctx, String name, String tag, String auth) {
        HttpServerResponse response = ctx.response();
        Reference ref;
        RegistryCredentials credentials;
        try {
            ref = reference(name, tag);
            credentials = RegistryCredentials.fromHeader(auth);
        } catch (RuntimeException e) {
            fail(response, e);
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "application/json");
        ResponseOutputStream out = new ResponseOutputStream(response);
        JsonProgress progress = new JsonProgress(out);
        try {
            progress.status("The push refers to repository [" + ref.name() + "]");
            List<Reference> tags = pusher.tagsToPush(ref);
            for (Reference one : tags) {
                pusher.push(one, credentials, progress);
            }
        } catch (RuntimeException e) {
            LOG.warning("push of " + ref.familiar() + " failed: " + e);
            try {
                progress.error(e.getMessage() == null ? e.toString() : e.getMessage());
            } catch (RuntimeException ignored) {
                // the client went away
            }
        }
        try {
            out.close();
        } catch (java.io.IOException ignored) {
            // the client went away
        }
        if (!response.ended()) {
            response.end();
        }
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
