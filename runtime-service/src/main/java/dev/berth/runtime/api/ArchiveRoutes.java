package dev.berth.runtime.api;

import dev.berth.common.http.ResponseOutputStream;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.rootfs.ContainerArchive;
import dev.berth.runtime.rootfs.OverlayUpper;
import dev.berth.runtime.rootfs.PathStat;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.service.Contexts;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * docker cp ({@code HEAD|GET|PUT /containers/{id}/archive}), docker export and docker diff, at the Vert.x level so
 * that tars stream both ways. The work itself is {@link ContainerArchive}.
 */
@ApplicationScoped
public class ArchiveRoutes {
    private static final Logger LOG = Logger.getLogger(ArchiveRoutes.class.getName());
    static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

    @Inject
    ContainerEvents events;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerArchive archive;
    @Inject
    NodePaths paths;
    @Inject
    Vertx vertx;

    void routes(@Observes Router router) {
        router.head("/containers/:id/archive").order(Integer.MIN_VALUE).handler(this::stat);
        router.get("/containers/:id/archive").order(Integer.MIN_VALUE).handler(this::get);
        router.put("/containers/:id/archive").order(Integer.MIN_VALUE).handler(this::put);
        router.get("/containers/:id/export").order(Integer.MIN_VALUE).handler(this::export);
        router.get("/containers/:id/changes").order(Integer.MIN_VALUE).handler(this::changes);
        router.get("/internal/containers/:id/layer").order(Integer.MIN_VALUE).handler(this::layer);
    }

    static ContainerArchive.Target target(Container c, String ref) {
        dev.berth.runtime.spec.StoredSettings settings = c.settings();
        List<dev.berth.runtime.rootfs.MountedPaths.Mount> mounts = new ArrayList<>();
        for (dev.berth.runtime.mounts.MountPoint m : dev.berth.runtime.mounts.ContainerMounts.parse(c.mounts)) {
            if ((m.isVolume() || dev.berth.runtime.mounts.MountPoint.BIND.equals(m.type())) && m.source() != null
                    && !m.source().isEmpty() && m.destination() != null) {
                mounts.add(new dev.berth.runtime.rootfs.MountedPaths.Mount(m.destination(), Path.of(m.source()), !m.rw()));
            }
        }
        return new ContainerArchive.Target(c.id, ref, ContainerViews.strings(c.layers), settings.user(),
                settings.readonlyRootfs(), mounts);
    }

    private static String pathParam(RoutingContext rc) {
        String path = rc.request().getParam("path");
        if (path == null || path.isEmpty()) {
            throw BerthException.invalid("path is required");
        }
        return path;
    }

    /**
     * The archive routes' common start: the {@code path} parameter (400 without one) and the container (404), then
     * {@code then}; {@code beforeFailing} runs before an error is answered (put resumes its paused upload).
     */
    private void withContainerAndPath(RoutingContext rc, Runnable beforeFailing, BiConsumer<Container, String> then) {
        HttpServerResponse response = rc.response();
        String ref = rc.pathParam("id");
        String path;
        try {
            path = pathParam(rc);
        } catch (BerthException e) {
            beforeFailing.run();
            StreamRoutes.fail(response, e);
            return;
        }
        Contexts.onSafeContext(vertx, () -> lookup.find(ref)).subscribe().with(c -> then.accept(c, path), failure -> {
            beforeFailing.run();
            StreamRoutes.fail(response, failure);
        });
    }

    private void stat(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        String ref = rc.pathParam("id");
        withContainerAndPath(rc, () -> { }, (c, path) -> vertx.<PathStat>executeBlocking(
                () -> archive.stat(target(c, ref), path), false).onComplete(ar -> {
                    if (ar.failed()) {
                        StreamRoutes.fail(response, ar.cause());
                        return;
                    }
                    response.putHeader(STAT_HEADER, ar.result().header()).putHeader("Content-Type", "application/json")
                            .setStatusCode(200).end();
                }));
    }

    private void get(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        String ref = rc.pathParam("id");
        withContainerAndPath(rc, () -> { }, (c, path) -> vertx.executeBlocking(() -> {
            ResponseOutputStream out = new ResponseOutputStream(response);
            archive.get(target(c, ref), path, stat -> {
                response.putHeader(STAT_HEADER, stat.header()).putHeader("Content-Type", "application/x-tar")
                        .setChunked(true).setStatusCode(200);
                response.writeHead();
            }, out);
            out.flush();
            return null;
        }, false).onComplete(ar -> finish(response, ar.cause(), c.id, "archive-path")));
    }

    private void put(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = rc.response();
        request.pause();
        String ref = rc.pathParam("id");
        boolean noOverwrite = StreamRoutes.truthy(request.getParam("noOverwriteDirNonDir"));
        boolean copyUidGid = StreamRoutes.truthy(request.getParam("copyUIDGID"));
        withContainerAndPath(rc, request::resume, (c, path) -> {
            Path spool = paths.bundle(c.id).resolve("cp-" + UUID.randomUUID() + ".tar");
            vertx.fileSystem().open(spool.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                    .compose(file -> request.pipeTo(file))
                    .compose(v -> vertx.executeBlocking(() -> {
                        archive.put(target(c, ref), path, spool, noOverwrite, copyUidGid);
                        return null;
                    }, false))
                    .onComplete(ar -> {
                        try {
                            Files.deleteIfExists(spool);
                        } catch (java.io.IOException e) {
                            LOG.log(Level.WARNING, "cannot delete " + spool, e);
                        }
                        if (ar.failed()) {
                            StreamRoutes.fail(response, ar.cause());
                            return;
                        }
                        response.setStatusCode(200).end();
                        event(c.id, "extract-to-dir");
                    });
        });
    }

    private void export(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        String ref = rc.pathParam("id");
        Contexts.onSafeContext(vertx, () -> lookup.find(ref)).subscribe().with(c -> {
            response.putHeader("Content-Type", "application/x-tar").setChunked(true).setStatusCode(200);
            vertx.executeBlocking(() -> {
                ResponseOutputStream out = new ResponseOutputStream(response);
                archive.export(target(c, ref), out);
                out.flush();
                return null;
            }, false).onComplete(ar -> finish(response, ar.cause(), c.id, "export"));
        }, failure -> StreamRoutes.fail(response, failure));
    }

    /**
     * For build-service (never routed by the gateway): the container's changes as an OCI layer tar (whiteouts
     * converted), what {@code docker commit} stores. A build commits a RUN step with mounts through it (build-service
     * leaves the mount points out); every other step's layer goes to image-service from here ({@code BuildStepCommit}).
     */
    private void layer(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        String ref = rc.pathParam("id");
        Contexts.onSafeContext(vertx, () -> lookup.find(ref)).subscribe().with(c -> {
            response.putHeader("Content-Type", "application/x-tar").setChunked(true).setStatusCode(200);
            vertx.executeBlocking(() -> {
                ResponseOutputStream out = new ResponseOutputStream(response);
                archive.commitLayer(target(c, ref), false, out);
                out.flush();
                return null;
            }, false).onComplete(ar -> finish(response, ar.cause(), c.id, null));
        }, failure -> StreamRoutes.fail(response, failure));
    }

    private void changes(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        String ref = rc.pathParam("id");
        Contexts.onSafeContext(vertx, () -> lookup.find(ref)).subscribe().with(c -> vertx.<List<OverlayUpper.Change>>executeBlocking(
                () -> archive.changes(target(c, ref)), false).onComplete(ar -> {
                    if (ar.failed()) {
                        StreamRoutes.fail(response, ar.cause());
                        return;
                    }
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (OverlayUpper.Change ch : ar.result()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("Path", ch.path());
                        m.put("Kind", ch.kind());
                        out.add(m);
                    }
                    try {
                        response.putHeader("Content-Type", "application/json").setStatusCode(200)
                                .end(ContainerViews.JSON.writeValueAsString(out));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        StreamRoutes.fail(response, e);
                    }
                }), failure -> StreamRoutes.fail(response, failure));
    }

    private void finish(HttpServerResponse response, Throwable failure, String id, String action) {
        if (failure != null) {
            if (!response.headWritten()) {
                StreamRoutes.fail(response, failure);
            } else {
                LOG.log(Level.FINE, "archive stream of " + id + " failed", failure);
                response.reset();
            }
            return;
        }
        if (!response.ended() && !response.closed()) {
            response.end();
        }
        if (action != null) {
            event(id, action);
        }
    }

    private void event(String id, String action) {
        Contexts.onSafeContext(vertx, () -> events.record(id, action, Map.of())).subscribe().with(x -> { },
                f -> LOG.log(Level.FINE, action + " event", f));
    }
}
