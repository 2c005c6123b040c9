package dev.berth.common.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Puts the {@link ServiceDoor} in front of every route of the service's HTTP port (health included): a call without
 * the service token is answered 401 before any handler sees it. The door judges the path the router routes by
 * (normalized: {@code /v2/../containers/json} is {@code /containers/json}), and only a service that declares a
 * registry side ({@code berth.door.registry-password}, image-service) has the {@code /v2} exception at all.
 */
@Singleton
public class ServiceDoorFilter {
    /**
     * The observer that adds its route first: the door is the first route of order {@link Integer#MIN_VALUE}, the
     * order the services' streaming routes use too (attach, logs, exec start, pull, build), and routes run by order,
     * then in the order they were added. (A Quarkus filter would run after those: it is a route of order -priority.)
     */
    public static final int OBSERVER_PRIORITY = 1;

    void register(@Observes @Priority(OBSERVER_PRIORITY) Router router) {
        var config = ConfigProvider.getConfig();
        ServiceDoor door = new ServiceDoor(ServiceToken.value(), new ServiceDoor.RegistryAccess(
                config.getOptionalValue("berth.door.registry-password", String.class).orElse(""),
                config.getOptionalValue("berth.door.registry-anonymous-read", Boolean.class).orElse(false)));
        router.route().order(Integer.MIN_VALUE).handler(context -> admit(door, context));
    }

    private static void admit(ServiceDoor door, RoutingContext context) {
        HttpServerRequest request = context.request();
        ServiceDoor.Refusal refusal = door.check(request.method().name(), context.normalizedPath(),
                request.getHeader(ServiceToken.HEADER), request.getHeader("Authorization"));
        if (refusal == null) {
            context.next();
            return;
        }
        var response = context.response().setStatusCode(401).putHeader("Content-Type", "application/json");
        if (refusal.registry()) {
            response.putHeader("WWW-Authenticate", "Basic realm=\"berth\"")
                    .putHeader("Docker-Distribution-API-Version", "registry/2.0")
                    .end("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"" + refusal.message()
                            + "\",\"detail\":null}]}\n");
        } else {
            response.end("{\"message\":\"" + refusal.message() + "\"}\n");
        }
    }
}
