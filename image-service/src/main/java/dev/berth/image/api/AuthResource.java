package dev.berth.image.api;

import dev.berth.common.errors.BerthException;
import dev.berth.image.registry.RegistryCredentials;
import dev.berth.image.registry.RegistryEndpoint;
import dev.berth.image.registry.RegistryException;
import dev.berth.image.registry.RegistryLogin;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code POST /auth} ({@code docker login}): checks the credentials against the registry; nothing is stored. */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
    private final RegistryLogin login;
    private final String insecureRegistries;

    public AuthResource(RegistryLogin login,
            @ConfigProperty(name = "berth.insecure-registries") Optional<String> insecureRegistries) {
        this.login = login;
        this.insecureRegistries = insecureRegistries.orElse("");
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Response auth(byte[] body) {
        RegistryCredentials credentials = body == null || body.length == 0 ? null : RegistryCredentials.fromJson(body);
        if (credentials == null) {
            throw BerthException.invalid("username is required for login");
        }
        RegistryEndpoint endpoint = RegistryEndpoint.ofServer(credentials.serverAddress(), insecureRegistries);
        try {
            login.check(endpoint, credentials);
        } catch (RegistryException e) {
            if (e.status() == 401) {
                return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(Map.of("message", e.getMessage())).build();
            }
            throw e;
        }
        return Response.ok(Map.of("Status", "Login Succeeded", "IdentityToken", ""),
                MediaType.APPLICATION_JSON_TYPE).build();
    }
}
