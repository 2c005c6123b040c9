package dev.berth.build.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.build.context.BuildContext;
import dev.berth.build.context.remote.RemoteContext;
import dev.berth.build.queue.BuildJobs;
import dev.berth.build.queue.BuildQueueConfig;
import dev.berth.build.queue.BuildWorker;
import dev.berth.build.queue.JobRequest;
import dev.berth.build.queue.ProgressChannel;
import dev.berth.build.queue.ProgressWaiter;
import dev.berth.build.queue.WorkDirs;
import dev.berth.build.run.BuildOptions;
import dev.berth.build.run.JsonLineOutput;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
import dev.berth.common.errors.DockerErrorRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /build} as dockerd's legacy builder serves it: the whole context is read first (the body, scanned as
 * it arrives: {@link ContextUpload}, or what {@code remote=} names: {@link RemoteContext}), everything dockerd
 * refuses before building is a plain Docker error, then the build is queued (its context stored by digest) and a 200 stream relays the messages the worker running it writes to the progress topic, ending with the image id and
 * tags, or with {@code errorDetail}. A client that goes away cancels the build. At the Vert.x level so the upload
 * and the stream flow without buffering.
 */
@ApplicationScoped
public class BuildRoutes {
    private static final Logger LOG = Logger.getLogger(BuildRoutes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Vertx vertx;
    @Inject
    BuildJobs jobs;
    @Inject
    ProgressChannel progress;
    @Inject
    BuildWorker worker;
    @Inject
    BuildQueueConfig config;
    @ConfigProperty(name = "berth.build.max-context-bytes")
    long maxContextBytes;
    @ConfigProperty(name = "berth.build.remote-timeout-seconds")
    long remoteTimeoutSeconds;

    void routes(@Observes Router router) {
        if (config.takesRequests()) {
            router.post("/build").order(Integer.MIN_VALUE).handler(this::build);
        }
    }

    private void build(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = rc.response();
        request.pause();
        BuildOptions options;
        String remote;
        Path upload;
        try {
            options = BuildRequestParser.parse(request.params(), request.getHeader("X-Registry-Config"));
            remote = BuildRequestParser.remote(request.params());
            upload = config.uploadDir(UUID.randomUUID().toString());
            Files.createDirectories(upload.resolve("context"));
            Files.createDirectories(upload.resolve("remote"));
        } catch (BerthException | IOException e) {
            request.resume();
            fail(response, e);
            return;
        }
        Future<String> stored = remote == null ? storeBody(request, options, upload)
                : storeRemote(request, remote, options, upload);
        stored.onComplete(digest -> {
            WorkDirs.delete(upload);
            if (digest.failed()) {
                fail(response, digest.cause());
                return;
            }
            queue(response, new JobRequest(UUID.randomUUID().toString(), options, digest.result()));
        });
    }

    /** The uploaded context, scanned as it arrives, checked and stored: its digest. */
    private Future<String> storeBody(HttpServerRequest request, BuildOptions options, Path upload) {
        return ContextUpload.receive(vertx, request, upload.resolve("context.tar"), BuildContext.wanted(options),
                maxContextBytes).compose(received -> vertx.executeBlocking(() -> {
                    String digest = BuildContext.check(received.scan(), received.spool(), upload.resolve("context"),
                            options, maxContextBytes);
                    return config.contexts().store(received.spool(), digest);
                }, false));
    }

    /** The context {@code remote} names (the body is ignored), fetched, checked and stored: its digest. */
    private Future<String> storeRemote(HttpServerRequest request, String remote, BuildOptions options, Path upload) {
        request.handler(ignored -> { }).resume();
        return vertx.executeBlocking(() -> {
            Path spool = new RemoteContext(maxContextBytes, Duration.ofSeconds(remoteTimeoutSeconds))
                    .fetch(remote, options.dockerfile(), upload.resolve("remote"));
            String digest = BuildContext.check(spool, upload.resolve("context"), options, maxContextBytes);
            return config.contexts().store(spool, digest);
        }, false);
    }

    /** Queues the build and relays its progress until the worker ends the stream or the client goes away. */
    private void queue(HttpServerResponse response, JobRequest job) {
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
        progress.await(job.id(), new ProgressWaiter(message -> write(response, message), () -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }));
        response.closeHandler(v -> {
            if (!response.ended()) {
                progress.forget(job.id());
                vertx.executeBlocking(() -> {
                    jobs.requestCancel(job.id());
                    return null;
                }, false);
            }
        });
        vertx.executeBlocking(() -> {
            jobs.enqueue(job);
            worker.onJob(null); // this process's worker, when idle, takes it now rather than on the topic's event
            return null;
        }, false).onFailure(failure -> {
            progress.forget(job.id());
            LOG.log(Level.WARNING, "cannot queue build " + job.id(), failure);
            write(response, JsonLineOutput.errorMessage(DockerError.of(failure).message(), 1));
            response.end();
        });
    }

    private static void write(HttpServerResponse response, com.fasterxml.jackson.databind.JsonNode message) {
        try {
            response.write(Buffer.buffer(JSON.writeValueAsString(message) + "\r\n"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fail(HttpServerResponse response, Throwable failure) {
        DockerErrorRoutes.fail(response, failure, LOG);
    }
}
