package dev.berth.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the Docker socket is served. */
@Readiness
@ApplicationScoped
public class SocketReadiness implements HealthCheck {
    @Inject
    DockerApiServer server;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("docker-socket").status(server.listening()).build();
    }
}
