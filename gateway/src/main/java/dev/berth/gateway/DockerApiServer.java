package dev.berth.gateway;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerErrors;
import dev.berth.common.events.TopicSetup;
import dev.berth.common.events.Topics;
import dev.berth.common.http.ClientApiVersion;
import dev.berth.common.http.forward.ForwardClients;
import dev.berth.common.http.forward.HijackTunnel;
import dev.berth.common.http.forward.StreamingProxy;
import dev.berth.common.http.forward.Upstream;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The Docker Engine API on a unix socket (Vert.x, native transport), {@code 0660} with the group of
 * {@link SocketGroup}, and on the optional {@link TlsListener} with the same handler.
 */
@ApplicationScoped
public class DockerApiServer {
    private static final Logger LOG = Logger.getLogger(DockerApiServer.class.getName());

    private volatile HttpServer server;
    private volatile HttpServer tlsServer;
    private StreamingProxy proxy;
    private HijackTunnel tunnel;
    private SystemEndpoints system;
    private EventStream events;
    private Upstreams upstreams;
    private OnDemandService onDemand;

    void start(@Observes StartupEvent startup, Vertx vertx, Upstreams upstreams, ApiAccess access,
            OnDemandStarts onDemandStarts) throws Exception {
        if (!vertx.isNativeTransportEnabled()) {
            throw new IllegalStateException("unix sockets need Vert.x native transport: "
                    + vertx.unavailableNativeTransportCause());
        }
        this.upstreams = upstreams;
        var client = ForwardClients.http(vertx, 64);
        proxy = new StreamingProxy(client);
        tunnel = ForwardClients.tunnel(vertx);
        events = new EventStream(upstreams.kafka());
        onDemand = new OnDemandService(vertx, Map.of(Owner.BUILD, onDemandStarts.build().orElse("")),
                Duration.ofSeconds(onDemandStarts.timeoutSeconds()));
        system = new SystemEndpoints(client, upstreams, onDemand);
        vertx.executeBlocking(() -> {
            TopicSetup.ensure(upstreams.kafka(), Topics.ALL);
            return null;
        }, false);

        Path socket = Path.of(upstreams.socket());
        GroupPrincipal group = SocketGroup.resolve(access.socketGroup(),
                socket.getFileSystem().getUserPrincipalLookupService());
        TlsListener tls = TlsListener.configured(access.tls()).orElse(null);
        if (tls != null) { // first: the socket appears only once everything listens
            tlsServer = tls.listen(vertx, this::handle);
        }
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(0).setMaxChunkSize(64 * 1024))
                .requestHandler(this::handle)
                .listen(SocketAddress.domainSocketAddress(socket.toString()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        SocketGroup.apply(socket, group);
        LOG.info("Docker API listening on unix://" + socket + " (0660, group " + group.getName() + ")");
    }

    void stop(@Observes ShutdownEvent shutdown) throws IOException {
        if (server != null) {
            server.close();
        }
        if (tlsServer != null) {
            tlsServer.close();
        }
        Files.deleteIfExists(Path.of(upstreams.socket()));
    }

    boolean listening() {
        return server != null && Files.exists(Path.of(upstreams.socket()));
    }

    private void handle(HttpServerRequest request) {
        try {
            ApiVersion.Versioned versioned = ApiVersion.parse(request.path());
            String path = versioned.path();
            // berth's own headers between services (the service token, the API version, a node's forwarding marks)
            // are never the client's to set: both the proxy and the hijack tunnel pass the request's headers on
            request.headers().names().stream().filter(DockerApiServer::berthHeader).toList()
                    .forEach(request.headers()::remove);
            // the one place services learn the client's API version
            request.headers().set(ClientApiVersion.HEADER, versioned.version());
            switch (path) {
                case "/_ping" -> system.ping(request);
                case "/version" -> system.version(request);
                case "/info" -> system.info(request);
                case "/system/df" -> system.diskUsage(request);
                case "/events" -> events.stream(request);
                default -> route(request, path);
            }
        } catch (BerthException e) {
            DockerErrors.write(request.response(), e);
        } catch (RuntimeException e) {
            LOG.warning("request " + request.method() + " " + request.path() + " failed: " + e);
            DockerErrors.write(request.response(), 500, String.valueOf(e.getMessage()));
        }
    }

    private static boolean berthHeader(String name) {
        return name.regionMatches(true, 0, "X-Berth-", 0, "X-Berth-".length());
    }

    private void route(HttpServerRequest request, String path) {
        if (SwarmEndpoints.handle(request, path)) { // before the owner: a node's update stays a swarm's 503
            return;
        }
        Owner owner = Owner.of(path).orElse(null);
        if (owner == null) {
            DockerErrors.write(request.response(), 404, "page not found");
            return;
        }
        Upstream upstream = upstreams.of(owner);
        request.pause(); // the body waits while a service started on demand comes up
        onDemand.ready(owner, upstream).onComplete(ready -> {
            if (ready.failed()) {
                request.resume();
                DockerErrors.write(request.response(), ready.cause());
            } else if (HijackTunnel.wants(request) && request.method() == HttpMethod.POST) {
                tunnel.open(request, path, upstream);
                request.resume();
            } else {
                proxy.forward(request, path, upstream);
            }
        });
    }
}
