package dev.berth.runtime.api;

import dev.berth.common.errors.DockerErrors;
import dev.berth.common.http.ServiceDoorFilter;
import dev.berth.common.http.NodeHeaders;
import dev.berth.common.http.forward.ForwardClients;
import dev.berth.common.http.forward.HijackTunnel;
import dev.berth.common.http.forward.StreamingProxy;
import dev.berth.common.http.forward.Upstream;
import dev.berth.runtime.cluster.NodeDirectory;
import dev.berth.runtime.store.ContainerLookup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Every verb reaches the container on its node (issue 17): a call about a container or an exec that lives on another
 * ready node is passed there as it came, streams and hijacked connections included (the gateway's own proxy and
 * tunnel), marked {@link NodeHeaders#FORWARDED_BY} so that node serves it. While this node is alone nothing is
 * looked up.
 */
@Singleton
public class NodeForwarding {
    @Inject
    NodeDirectory nodes;
    @Inject
    ContainerLookup lookup;
    @Inject
    Vertx vertx;

    /** Another node on the LAN answers a connection at once; one that does not is cut off or gone. */
    private static final int CONNECT_WITHIN_MILLIS = 3000;
    private static final long INSPECT_WITHIN_MILLIS = 5000;

    private volatile StreamingProxy proxy;
    private volatile HijackTunnel tunnel;

    /** Right after the service door (only a call with the service token is ever passed on), before every verb. */
    void register(@Observes @Priority(ServiceDoorFilter.OBSERVER_PRIORITY + 1) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::route);
    }

    private void route(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (nodes.alone() || request.headers().contains(NodeHeaders.FORWARDED_BY)) {
            rc.next();
            return;
        }
        ForwardTarget target = ForwardTarget.of(rc.normalizedPath());
        if (target == null) {
            rc.next();
        } else if (target.kind() == ForwardTarget.Kind.EXEC) {
            pass(rc, nodes.apiOfExec(target.ref()), () -> {
                rc.request().resume();
                DockerErrors.write(rc.response(), 503, "the node of exec " + target.ref() + " does not answer");
            });
        } else {
            request.pause(); // the route resumed it: its body waits for whichever side takes the call
            Context context = Vertx.currentContext();
            lookup.nodeOf(target.ref()).subscribe().with(
                    node -> context.runOnContext(v -> {
                        if (nodes.unreachable(node)) {
                            notAnswering(rc, target.ref(), node);
                        } else {
                            pass(rc, nodes.apiOf(node), () -> notAnswering(rc, target.ref(), node));
                        }
                    }),
                    failure -> context.runOnContext(v -> rc.next())); // the verb itself reports the database
        }
    }

    /** Inspect answers from the container's row: any node can, even while the container's node is down. */
    private static boolean readsTheRow(RoutingContext rc) {
        return rc.request().method() == HttpMethod.GET && rc.normalizedPath().endsWith("/json");
    }

    /**
     * The container's node does not answer (written down, or its connection refused before the directory knew):
     * inspect answers from the row here, anything else is refused naming the node.
     */
    private static void notAnswering(RoutingContext rc, String ref, String node) {
        if (readsTheRow(rc)) {
            rc.next();
            return;
        }
        rc.request().resume();
        DockerErrors.write(rc.response(), 503, "container " + ref + " is on node " + node
                + ", which does not answer (down): only inspect works until it is back");
    }

    private void pass(RoutingContext rc, Optional<String> api, Runnable unreachable) {
        if (api.isEmpty()) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        request.headers().set(NodeHeaders.FORWARDED_BY, nodes.self());
        Upstream upstream = Upstream.parse(api.get());
        if (HijackTunnel.wants(request) && request.method() == HttpMethod.POST) {
            tunnel().open(request, request.path(), upstream);
            request.resume();
        } else {
            // an inspect that gets no answer soon is as good as refused: the node may have gone silent (cut off)
            proxy().forward(request, request.path(), upstream, failure -> unreachable.run(),
                    readsTheRow(rc) ? INSPECT_WITHIN_MILLIS : 0);
        }
    }

    private StreamingProxy proxy() {
        if (proxy == null) {
            proxy = new StreamingProxy(ForwardClients.http(vertx, 32, CONNECT_WITHIN_MILLIS));
        }
        return proxy;
    }

    private HijackTunnel tunnel() {
        if (tunnel == null) {
            tunnel = ForwardClients.tunnel(vertx);
        }
        return tunnel;
    }
}
