package dev.berth.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.contract.DiskUsagePart;
import dev.berth.common.contract.NodeInfo;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerErrors;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.http.ServiceToken;
import dev.berth.common.http.forward.Upstream;
import dev.berth.common.platform.EngineVersion;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * {@code /_ping}, {@code /version}, {@code /info} and {@code /system/df}: answered from what the owning services
 * report.
 */
final class SystemEndpoints {
    /** berth's own version: in {@code Platform.Name} and as the {@code berth} component of {@code /version}. */
    static final String VERSION = "0.1.0";
    /**
     * The engine version berth reports as {@code Version} (as podman reports a Docker version): clients check it
     * against minimums (Testcontainers wants at least 1.6.0) and read features off it, so it is the Docker release
     * whose Engine API is the {@link ApiVersion#MAX} berth speaks ({@link EngineVersion}; the nodes report it too).
     */
    static final String ENGINE_VERSION = EngineVersion.DOCKER;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper LENIENT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpClient client;
    private final Upstreams upstreams;
    private final OnDemandService onDemand;

    SystemEndpoints(HttpClient client, Upstreams upstreams, OnDemandService onDemand) {
        this.client = client;
        this.upstreams = upstreams;
        this.onDemand = onDemand;
    }

    void ping(HttpServerRequest request) {
        HttpServerResponse response = request.response()
                .putHeader("API-Version", ApiVersion.MAX)
                .putHeader("Ostype", "linux")
                .putHeader("Docker-Experimental", "false")
                .putHeader("Builder-Version", "1")
                .putHeader("Swarm", "inactive")
                .putHeader("Cache-Control", "no-cache, no-store, must-revalidate")
                .putHeader("Pragma", "no-cache")
                .putHeader("Content-Type", "text/plain; charset=utf-8");
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", "0").end();
        } else {
            response.end("OK");
        }
    }

    void version(HttpServerRequest request) {
        nodeInfo().onComplete(ar ->
                sendJson(request.response(), versionBody(ar.succeeded() ? ar.result().kernelVersion() : null)));
    }

    /**
     * Docker's SystemVersion with the node's kernel from runtime-service's {@code /internal/info} (this JVM's
     * os.version when the node does not answer); runc and conmon are listed without versions.
     */
    static ObjectNode versionBody(String kernelVersion) {
        String kernel = kernelVersion != null ? kernelVersion : System.getProperty("os.version");
        String go = "java" + Runtime.version().feature();
        ObjectNode engine = JSON.createObjectNode();
        engine.put("Name", "Engine").put("Version", ENGINE_VERSION);
        engine.putObject("Details").put("ApiVersion", ApiVersion.MAX).put("MinAPIVersion", ApiVersion.MIN)
                .put("Os", "linux").put("Arch", "amd64").put("KernelVersion", kernel)
                .put("GitCommit", "").put("GoVersion", go).put("Experimental", "false");
        ObjectNode body = JSON.createObjectNode();
        body.putObject("Platform").put("Name", "berth " + VERSION);
        ArrayNode components = body.putArray("Components");
        components.add(engine);
        components.addObject().put("Name", "berth").put("Version", VERSION);
        components.addObject().put("Name", "runc").put("Version", "");
        components.addObject().put("Name", "conmon").put("Version", "");
        body.put("Version", ENGINE_VERSION).put("ApiVersion", ApiVersion.MAX).put("MinAPIVersion", ApiVersion.MIN)
                .put("GitCommit", "").put("GoVersion", go)
                .put("Os", "linux").put("Arch", "amd64").put("KernelVersion", kernel)
                .put("BuildTime", "");
        return body;
    }

    void info(HttpServerRequest request) {
        Future<NodeInfo> node = nodeInfo();
        Future<JsonNode> images = getJson(Owner.IMAGE, "/images/json?all=1");
        Future.all(node, images).onComplete(ar -> {
            if (node.failed()) {
                DockerErrors.write(request.response(), node.cause());
                return;
            }
            ObjectNode body = JSON.valueToTree(node.result());
            body.put("Images", images.succeeded() ? images.result().size() : 0);
            body.put("ServerVersion", ENGINE_VERSION);
            body.put("Driver", "overlayfs");
            body.putArray("DriverStatus");
            ObjectNode plugins = body.putObject("Plugins");
            plugins.putArray("Volume").add("local");
            plugins.putArray("Network").add("bridge").add("host").add("null");
            plugins.putArray("Log").add("k8s-file");
            body.put("MemoryLimit", true).put("SwapLimit", true).put("CpuCfsPeriod", true).put("CpuCfsQuota", true)
                    .put("CPUShares", true).put("CPUSet", true).put("PidsLimit", true).put("OomKillDisable", false)
                    .put("IPv4Forwarding", true).put("Debug", false).put("LoggingDriver", "k8s-file")
                    .put("IndexServerAddress", "https://index.docker.io/v1/").put("ExperimentalBuild", false)
                    .put("LiveRestoreEnabled", true).put("Isolation", "").put("InitBinary", "")
                    .put("HttpProxy", "").put("HttpsProxy", "").put("NoProxy", "");
            body.putArray("SecurityOptions").add("name=seccomp,profile=builtin");
            body.putArray("Labels");
            body.putArray("Warnings");
            body.putObject("Swarm").put("LocalNodeState", "inactive").put("NodeID", "").put("NodeAddr", "")
                    .put("ControlAvailable", false);
            ObjectNode registry = body.putObject("RegistryConfig");
            registry.putArray("InsecureRegistryCIDRs").add("127.0.0.0/8");
            registry.putObject("IndexConfigs");
            registry.putArray("Mirrors");
            if (images.failed()) {
                body.withArray("Warnings").add("image service unavailable: " + images.cause().getMessage());
            }
            sendJson(request.response(), body);
        });
    }

    /**
     * {@code GET /system/df}: Docker's SystemDataUsageResponse from the services' parts ({@code GET /internal/df} of
     * image-, runtime-, volume- and build-service); a service answering 404 contributes an empty list.
     */
    void diskUsage(HttpServerRequest request) {
        Future<DiskUsagePart> images = diskUsage(Owner.IMAGE);
        Future<DiskUsagePart> containers = diskUsage(Owner.RUNTIME);
        Future<DiskUsagePart> volumes = diskUsage(Owner.VOLUME);
        Future<DiskUsagePart> buildCache = diskUsage(Owner.BUILD);
        Future.all(images, containers, volumes, buildCache).onComplete(ar -> {
            if (ar.failed()) {
                DockerErrors.write(request.response(), ar.cause());
                return;
            }
            ObjectNode body = JSON.createObjectNode();
            Long layersSize = images.result().layersSize();
            body.put("LayersSize", layersSize == null ? 0 : layersSize);
            body.set("Images", listOf(images.result().images()));
            body.set("Containers", listOf(containers.result().containers()));
            body.set("Volumes", listOf(volumes.result().volumes()));
            body.set("BuildCache", listOf(buildCache.result().buildCache()));
            sendJson(request.response(), body);
        });
    }

    /**
     * A service's part of /system/df; one answering 404 contributes nothing. A service started on demand is started:
     * its part (build-service's cache) outlives the process, so "not running" does not mean "empty".
     */
    private Future<DiskUsagePart> diskUsage(Owner owner) {
        return onDemand.ready(owner, upstreams.of(owner)).compose(v -> getJson(owner, "/internal/df")).recover(failure -> failure instanceof BerthException e
                        && e.kind() == ErrorKind.NOT_FOUND ? Future.succeededFuture(JSON.createObjectNode())
                        : Future.failedFuture(failure))
                .compose(node -> read(node, DiskUsagePart.class));
    }

    private Future<NodeInfo> nodeInfo() {
        return getJson(Owner.RUNTIME, "/internal/info").compose(node -> read(node, NodeInfo.class));
    }

    /** A service's answer as its contract record (fields the gateway does not know are left out). */
    private static <T> Future<T> read(JsonNode node, Class<T> contract) {
        try {
            return Future.succeededFuture(LENIENT.treeToValue(node, contract));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Future.failedFuture(new BerthException(ErrorKind.INTERNAL, "bad answer from a service: "
                    + e.getMessage()));
        }
    }

    private static ArrayNode listOf(List<JsonNode> items) {
        return JSON.createArrayNode().addAll(DiskUsagePart.orEmpty(items));
    }

    private Future<JsonNode> getJson(Owner owner, String uri) {
        Upstream upstream = upstreams.of(owner);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(upstream.host())
                .setPort(upstream.port()).setSsl(upstream.tls()).setURI(uri)
                .putHeader(ServiceToken.HEADER, ServiceToken.value());
        return client.request(options)
                .compose(req -> req.send().compose(resp -> resp.body().map(body -> parse(resp.statusCode(), body))))
                .recover(failure -> Future.failedFuture(failure instanceof BerthException
                        ? failure
                        : new BerthException(ErrorKind.UNAVAILABLE, owner.configName() + " service unavailable: "
                                + failure.getMessage())));
    }

    private static JsonNode parse(int status, Buffer body) {
        JsonNode node;
        try {
            node = JSON.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            if (status >= 400) {
                throw new BerthException(ErrorKind.fromStatus(status), "error " + status);
            }
            throw new BerthException(ErrorKind.INTERNAL, "bad answer from a service: " + e.getMessage());
        }
        if (status >= 400) {
            throw new BerthException(ErrorKind.fromStatus(status),
                    node == null ? "error " + status : node.path("message").asText("error " + status));
        }
        return node == null ? JSON.createObjectNode() : node;
    }

    private static void sendJson(HttpServerResponse response, JsonNode body) {
        try {
            response.putHeader("Content-Type", "application/json").end(JSON.writeValueAsString(body) + "\n");
        } catch (Exception e) {
            DockerErrors.write(response, e);
        }
    }
}
