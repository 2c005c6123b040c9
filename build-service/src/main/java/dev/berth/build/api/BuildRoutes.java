package dev.berth.build.api;

import dev.berth.build.cache.JdbcStepCache;
import dev.berth.build.context.ContextExtractor;
import dev.berth.build.context.ContextPaths;
import dev.berth.build.context.DockerIgnore;
import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.node.ImageStore;
import dev.berth.build.node.RuntimeNode;
import dev.berth.build.run.BuildControl;
import dev.berth.build.run.BuildExecutor;
import dev.berth.build.run.BuildFailure;
import dev.berth.build.run.BuildOptions;
import dev.berth.build.run.BuildOutput;
import dev.berth.build.run.JsonLineOutput;
import dev.berth.build.run.QuietOutput;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
import dev.berth.common.http.ResponseOutputStream;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /build} as dockerd's legacy builder serves it: the whole context is read first (into a private
 * directory), everything dockerd refuses before building is a plain Docker error, then a 200 stream of build
 * messages ends with the image id and tags, or with {@code errorDetail}. A client that goes away cancels the build.
 * At the Vert.x level so the upload and the stream flow without buffering.
 */
@ApplicationScoped
public class BuildRoutes {
    private static final Logger LOG = Logger.getLogger(BuildRoutes.class.getName());

    @Inject
    Vertx vertx;
    @Inject
    DataSource db;
    @ConfigProperty(name = "berth.runtime-url")
    String runtimeUrl;
    @ConfigProperty(name = "berth.image-url")
    String imageUrl;
    @ConfigProperty(name = "berth.data", defaultValue = "/var/lib/berth")
    String dataDir;
    @ConfigProperty(name = "berth.build.max-context-bytes")
    long maxContextBytes;

    void routes(@Observes Router router) {
        router.post("/build").order(Integer.MIN_VALUE).handler(this::build);
    }

    private void build(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = rc.response();
        request.pause();
        BuildOptions options;
        Path workDir;
        try {
            options = BuildRequestParser.parse(request.params(), request.getHeader("X-Registry-Config"));
            workDir = Path.of(dataDir, "build", "work", UUID.randomUUID().toString());
            Files.createDirectories(workDir.resolve("context"));
        } catch (BerthException | IOException e) {
            request.resume();
            fail(response, e);
            return;
        }
        Path spool = workDir.resolve("context.tar");
        vertx.fileSystem().open(spool.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                .compose(request::pipeTo)
                .compose(v -> vertx.executeBlocking(() -> prepare(spool, workDir.resolve("context"), options), false))
                .onComplete(prepared -> {
                    if (prepared.failed()) {
                        cleanUp(workDir);
                        fail(response, prepared.cause());
                        return;
                    }
                    stream(response, prepared.result(), options, workDir);
                });
    }

    /** Unpacks the context and reads the Dockerfile: failures here are ordinary HTTP errors. */
    private BuildPlan prepare(Path spool, Path context, BuildOptions options) throws IOException {
        try (InputStream in = Files.newInputStream(spool)) {
            new ContextExtractor(maxContextBytes).extract(in, context);
        } finally {
            Files.deleteIfExists(spool);
        }
        BuildPlan plan = BuildPlan.parse(DockerfileLocator.read(context, options.dockerfile()));
        plan.target(options.target());
        dropIgnoredBuildFiles(context, options.dockerfile().isEmpty() ? "Dockerfile" : options.dockerfile());
        return plan;
    }

    /**
     * As dockerd: the Dockerfile and the {@code .dockerignore} leave the context when the {@code .dockerignore}
     * excludes them (the clients send them anyway); nothing else is filtered here, the clients did that.
     */
    private static void dropIgnoredBuildFiles(Path context, String dockerfile) throws IOException {
        Path ignoreFile = context.resolve(".dockerignore");
        if (!Files.isRegularFile(ignoreFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        DockerIgnore ignore = DockerIgnore.parse(Files.readString(ignoreFile));
        String name = ContextPaths.clean(dockerfile);
        if (ignore.excludes(name)) {
            Files.deleteIfExists(context.resolve(name));
        }
        if (ignore.excludes(".dockerignore")) {
            Files.deleteIfExists(ignoreFile);
        }
    }

    private void stream(HttpServerResponse response, BuildPlan plan, BuildOptions options, Path workDir) {
        RuntimeNode node = new RuntimeNode(runtimeUrl);
        ImageStore images = new ImageStore(imageUrl);
        BuildControl control = new BuildControl();
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
        response.closeHandler(v -> {
            if (!response.ended()) {
                vertx.executeBlocking(() -> {
                    control.cancel(node);
                    return null;
                }, false);
            }
        });
        vertx.executeBlocking(() -> {
            ResponseOutputStream stream = new ResponseOutputStream(response);
            BuildOutput json = new JsonLineOutput(stream);
            BuildOutput out = options.quiet() ? new QuietOutput(json) : json;
            try {
                String id = new BuildExecutor(node, images, new JdbcStepCache(db), maxContextBytes)
                        .build(plan, options, workDir.resolve("context"), workDir, out, control);
                for (String tag : options.tags()) {
                    int colon = tag.lastIndexOf(':');
                    images.tag(id, tag.substring(0, colon), tag.substring(colon + 1));
                }
                out.stream("Successfully built " + id.substring(7, 19) + "\n");
                for (String tag : options.tags()) {
                    out.stream("Successfully tagged " + tag + "\n");
                }
                out.succeeded(id);
            } catch (BuildFailure e) {
                out.error(e.getMessage(), e.code());
            } catch (RuntimeException | IOException e) {
                if (control.cancelled()) {
                    return null;
                }
                if (!(e instanceof BerthException)) {
                    LOG.log(Level.WARNING, "build failed", e);
                }
                out.error(DockerError.of(e).message(), 1);
            }
            stream.flush();
            return null;
        }, false).onComplete(ar -> {
            cleanUp(workDir);
            if (ar.failed()) {
                LOG.log(Level.FINE, "build stream ended early", ar.cause());
                if (!response.closed()) {
                    response.reset();
                }
                return;
            }
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        });
    }

    private static void fail(HttpServerResponse response, Throwable failure) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        int status = DockerError.statusOf(failure);
        if (status >= 500) {
            LOG.log(Level.WARNING, "build request failed", failure);
        }
        String message = DockerError.of(failure).message();
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(io.vertx.core.json.JsonObject.of("message", message).encode() + "\n");
    }

    private static void cleanUp(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot clean " + dir, e);
        }
    }
}
