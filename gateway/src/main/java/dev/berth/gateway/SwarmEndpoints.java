package dev.berth.gateway;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Swarm mode and plugins are off in berth: their endpoints answer what a dockerd that is not in a swarm (and has no
 * plugins) answers. moby's {@code daemon/cluster}: every manager action without a node is {@code errNoManager}
 * (503), {@code Leave} without a node is {@code errNoSwarm} (503). {@code GET /swarm/unlockkey} and
 * {@code POST /swarm/unlock} go through {@code errNoManager} too, as in moby. A path dockerd has no route for stays
 * berth's 404.
 */
final class SwarmEndpoints {
    static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or"
            + " \"docker swarm join\" to connect this node to swarm and try again.";
    static final String NOT_IN_A_SWARM = "This node is not part of a swarm";

    /** An answer: HTTP status and, for an error, Docker's message; for a success, the JSON body. */
    record Answer(int status, String message, String body) {
        static Answer error(String message) {
            return new Answer(503, message, null);
        }
    }

    private record Route(HttpMethod method, Pattern path) {
        boolean matches(HttpMethod m, String p) {
            return method.equals(m) && path.matcher(p).matches();
        }
    }

    private static final String ID = "[^/]+";
    private static final List<Route> MANAGER_ROUTES = List.of(
            route(HttpMethod.GET, "/swarm"),
            route(HttpMethod.POST, "/swarm/init"),
            route(HttpMethod.POST, "/swarm/join"),
            route(HttpMethod.POST, "/swarm/update"),
            route(HttpMethod.GET, "/swarm/unlockkey"),
            route(HttpMethod.POST, "/swarm/unlock"),
            route(HttpMethod.GET, "/nodes"),
            route(HttpMethod.GET, "/nodes/" + ID),
            route(HttpMethod.DELETE, "/nodes/" + ID),
            route(HttpMethod.POST, "/nodes/" + ID + "/update"),
            route(HttpMethod.GET, "/services"),
            route(HttpMethod.POST, "/services/create"),
            route(HttpMethod.GET, "/services/" + ID),
            route(HttpMethod.DELETE, "/services/" + ID),
            route(HttpMethod.POST, "/services/" + ID + "/update"),
            route(HttpMethod.GET, "/services/" + ID + "/logs"),
            route(HttpMethod.GET, "/tasks"),
            route(HttpMethod.GET, "/tasks/" + ID),
            route(HttpMethod.GET, "/tasks/" + ID + "/logs"),
            route(HttpMethod.GET, "/secrets"),
            route(HttpMethod.POST, "/secrets/create"),
            route(HttpMethod.GET, "/secrets/" + ID),
            route(HttpMethod.DELETE, "/secrets/" + ID),
            route(HttpMethod.POST, "/secrets/" + ID + "/update"),
            route(HttpMethod.GET, "/configs"),
            route(HttpMethod.POST, "/configs/create"),
            route(HttpMethod.GET, "/configs/" + ID),
            route(HttpMethod.DELETE, "/configs/" + ID),
            route(HttpMethod.POST, "/configs/" + ID + "/update"));
    private static final Route LEAVE = route(HttpMethod.POST, "/swarm/leave");
    private static final Route PLUGINS = route(HttpMethod.GET, "/plugins");

    private SwarmEndpoints() {
    }

    private static Route route(HttpMethod method, String path) {
        return new Route(method, Pattern.compile(path + "/?"));
    }

    /** What dockerd outside a swarm answers for this request, or {@code null} when it is not one of these routes. */
    static Answer answer(HttpMethod method, String path) {
        HttpMethod m = method == HttpMethod.HEAD ? HttpMethod.GET : method;
        if (LEAVE.matches(m, path)) {
            return Answer.error(NOT_IN_A_SWARM);
        }
        if (PLUGINS.matches(m, path)) {
            return new Answer(200, null, "[]");
        }
        for (Route route : MANAGER_ROUTES) {
            if (route.matches(m, path)) {
                return Answer.error(NOT_A_MANAGER);
            }
        }
        return null;
    }

    /** Answers the request if it is a swarm or plugin route; false when it is none. */
    static boolean handle(HttpServerRequest request, String path) {
        Answer answer = answer(request.method(), path);
        if (answer == null) {
            return false;
        }
        if (answer.message() != null) {
            DockerErrors.write(request.response(), answer.status(), answer.message());
        } else {
            request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                    .end(answer.body() + "\n");
        }
        return true;
    }
}
