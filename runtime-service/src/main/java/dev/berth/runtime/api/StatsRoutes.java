package dev.berth.runtime.api;

import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.service.Contexts;
import dev.berth.runtime.stats.CgroupStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * {@code GET /containers/{id}/stats}: streaming (one JSON document a second, as dockerd) or one sample
 * ({@code stream=false}: two reads {@value #PRIME_MS} ms apart so that precpu_stats is filled; {@code one-shot=true}:
 * one read). dockerd waits for two ticks of its one-second collector there, so {@code docker stats --no-stream}
 * takes 1–2 s whatever the number of containers; the CPU share over a fifth of a second is as exact (the counters
 * are in nanoseconds and the host's in 10 ms ticks) and the command answers in well under a second.
 */
@ApplicationScoped
public class StatsRoutes {
    private static final long INTERVAL_MS = 1000;
    static final long PRIME_MS = 200;

    @Inject
    ContainerLookup lookup;
    @Inject
    Vertx vertx;
    @Inject
    KernelFiles kernel;

    private CgroupStats stats;

    @PostConstruct
    void init() {
        stats = CgroupStats.host(kernel);
    }

    void routes(@Observes Router router) {
        router.get("/containers/:id/stats").order(Integer.MIN_VALUE).handler(this::stats);
    }

    private void stats(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        String ref = rc.pathParam("id");
        String streamParam = rc.request().getParam("stream");
        boolean stream = streamParam == null || streamParam.isEmpty() || StreamRoutes.truthy(streamParam);
        boolean oneShot = StreamRoutes.truthy(rc.request().getParam("one-shot"));
        Contexts.onSafeContext(vertx, () -> lookup.find(ref)).subscribe().with(c -> {
            response.setStatusCode(200).putHeader("Content-Type", "application/json").setChunked(true);
            String id = c.id;
            String name = c.name;
            int pid = c.isRunning() ? c.pid : 0;
            if (!stream) {
                // the second read waits on a timer, not on a worker thread: `docker stats --no-stream` of fifty
                // containers asks for fifty at once, and all answer after one priming interval
                vertx.<Map<String, Object>>executeBlocking(() -> stats.sample(id, name, pid, null), false)
                        .compose(first -> oneShot || pid <= 0 ? Future.succeededFuture(first)
                                : after(PRIME_MS).compose(x -> vertx.<Map<String, Object>>executeBlocking(
                                        () -> stats.sample(id, name, pid, first), false)))
                        .onComplete(ar -> {
                            if (ar.failed()) {
                                StreamRoutes.fail(response, ar.cause());
                            } else {
                                response.end(json(ar.result()));
                            }
                        });
                return;
            }
            response.writeHead();
            Map<?, ?>[] previous = {null};
            long[] timer = {-1};
            Runnable tick = () -> Contexts.onSafeContext(vertx, () -> lookup.find(id)).subscribe().with(now -> {
                int livePid = now.isRunning() ? now.pid : 0;
                vertx.<Map<String, Object>>executeBlocking(() -> stats.sample(id, name, livePid,
                        castMap(previous[0])), false).onComplete(ar -> {
                            if (response.closed() || response.ended()) {
                                return;
                            }
                            if (ar.succeeded()) {
                                previous[0] = ar.result();
                                response.write(json(ar.result()));
                            }
                        });
            }, failure -> {
                vertx.cancelTimer(timer[0]);
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            });
            tick.run();
            timer[0] = vertx.setPeriodic(INTERVAL_MS, t -> tick.run());
            response.closeHandler(v -> vertx.cancelTimer(timer[0]));
        }, failure -> StreamRoutes.fail(response, failure));
    }

    private Future<Void> after(long millis) {
        Promise<Void> elapsed = Promise.promise();
        vertx.setTimer(millis, t -> elapsed.complete());
        return elapsed.future();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    static String json(Map<String, Object> sample) {
        try {
            return ContainerViews.JSON.writeValueAsString(sample) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{}\n";
        }
    }
}
