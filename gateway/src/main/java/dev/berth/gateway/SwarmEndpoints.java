package dev.berth.gateway;

import dev.berth.common.errors.DockerErrors;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Swarm mode and plugins are off in berth: their endpoints answer what a dockerd that is not in a swarm (and has no
 * plugins) answers. moby's {@code daemon/cluster}: every manager action without a node is {@code errNoManager}
 * (503), {@code Leave} without a node is {@code errNoSwarm} (503). {@code GET /swarm/unlockkey} and
 * {@code POST /swarm/unlock} go through {@code errNoManager} too, as in moby. A path dockerd has no route for stays
 * berth's 404. The nodes are runtime-service's ({@code docker node ls}, {@code inspect}, {@code rm}); only
 * their update is still answered here.
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
    private static final List<Route> MANAGER_ROUTES = Stream.of(
            Stream.of(route(HttpMethod.GET, "/swarm"), route(HttpMethod.POST, "/swarm/init"),
                    route(HttpMethod.POST, "/swarm/join"), route(HttpMethod.POST, "/swarm/update"),
                    route(HttpMethod.GET, "/swarm/unlockkey"), route(HttpMethod.POST, "/swarm/unlock")),
            // GET /nodes, /nodes/{id} and DELETE /nodes/{id} are runtime-service's (its node table): update is not
            Stream.of(route(HttpMethod.POST, "/nodes/" + ID + "/update")),
            objects("services", true, true, true),
            objects("tasks", false, false, true),
            objects("secrets", true, true, false),
            objects("configs", true, true, false)).flatMap(r -> r).toList();
    private static final Route LEAVE = route(HttpMethod.POST, "/swarm/leave");
    private static final Route PLUGINS = route(HttpMethod.GET, "/plugins");
    /** moby's plugin routes by name ({@code {name:.*}}): inspect, remove, enable, disable, push. */
    private static final List<Route> PLUGIN_BY_NAME = List.of(
            new Route(HttpMethod.GET, Pattern.compile("/plugins/(.*)/json")),
            new Route(HttpMethod.DELETE, Pattern.compile("/plugins/(.*)")),
            new Route(HttpMethod.POST, Pattern.compile("/plugins/(.*)/enable")),
            new Route(HttpMethod.POST, Pattern.compile("/plugins/(.*)/disable")),
            new Route(HttpMethod.POST, Pattern.compile("/plugins/(.*)/push")));

    private SwarmEndpoints() {
    }

    /** A swarm object kind's routes as dockerd has them: list and inspect, then create, delete + update, logs. */
    private static Stream<Route> objects(String kind, boolean create, boolean change, boolean logs) {
        String one = "/" + kind + "/" + ID;
        List<Route> routes = new ArrayList<>(List.of(route(HttpMethod.GET, "/" + kind), route(HttpMethod.GET, one)));
        if (create) {
            routes.add(route(HttpMethod.POST, "/" + kind + "/create"));
        }
        if (change) {
            routes.add(route(HttpMethod.DELETE, one));
            routes.add(route(HttpMethod.POST, one + "/update"));
        }
        if (logs) {
            routes.add(route(HttpMethod.GET, one + "/logs"));
        }
        return routes.stream();
    }

    private static Route route(HttpMethod method, String path) {
        return new Route(method, Pattern.compile(path + "/?"));
    }

    static Answer answer(HttpMethod method, String path) {
        return answer(method, path, null);
    }

    /**
     * What dockerd outside a swarm and without plugins answers for this request, or {@code null} when it is not one
     * of these routes; {@code timeout} is the query parameter plugin enable reads first.
     */
    static Answer answer(HttpMethod method, String path, String timeout) {
        HttpMethod m = method == HttpMethod.HEAD ? HttpMethod.GET : method;
        for (Route route : PLUGIN_BY_NAME) {
            Matcher match = route.path().matcher(path);
            if (route.method().equals(m) && match.matches()) {
                if (path.endsWith("/enable") && !isInteger(timeout)) {
                    return new Answer(400, "strconv.Atoi: parsing \"" + (timeout == null ? "" : timeout)
                            + "\": invalid syntax", null);
                }
                return new Answer(404, "plugin \"" + decode(match.group(1)) + "\" not found", null);
            }
        }
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

    private static boolean isInteger(String value) {
        try {
            Integer.parseInt(value == null ? "" : value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String decode(String name) {
        return URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Answers the request if it is a swarm or plugin route; false when it is none. */
    static boolean handle(HttpServerRequest request, String path) {
        Answer answer = answer(request.method(), path, request.getParam("timeout"));
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
